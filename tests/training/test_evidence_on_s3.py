"""Media on S3-compatible storage (production settings with S3_BUCKET): private files go to the
private prefix without a public ACL and come back only through the access-checked views; image
renditions get plain public URLs. Against moto's in-process S3 (make soak uses its server)."""

import datetime
import importlib
import sys

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from moto import mock_aws

from training.models import ExternalTraining

pytestmark = pytest.mark.django_db

BUCKET = "can-bo-media"


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        client.create_bucket(Bucket=f"{BUCKET}-public")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "cadres.storage_s3.PrivateS3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "location": "private"},
            },
            "public": {
                "BACKEND": "cadres.storage_s3.PublicS3Storage",
                "OPTIONS": {
                    "bucket_name": f"{BUCKET}-public",
                    "location": "public",
                    "custom_domain": "media.example.vn",
                },
            },
        }
        yield client


def _evidence(cadre):
    record = ExternalTraining(
        cadre=cadre,
        title="Trung cấp lý luận chính trị",
        institution="Trường Chính trị tỉnh",
        content_kind="political_theory",
        hours=44,
        start_date=datetime.date(2026, 2, 2),
        end_date=datetime.date(2026, 6, 30),
    )
    record.evidence.save("bằng-tốt-nghiệp.pdf", ContentFile(b"%PDF-1.4 bang"), save=False)
    record.save()
    return record


def test_evidence_is_a_private_object_read_back_through_the_site(
    s3, client, cadre_in_a, learner, officer_b
):
    record = _evidence(cadre_in_a)
    folder, random_part, name = record.evidence.name.rsplit("/", 2)
    assert folder.startswith("external_training/") and len(random_part) == 32
    key = f"private/{record.evidence.name}"
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"%PDF-1.4 bang"
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in str(g.get("Grantee", {}).get("URI", ""))]

    url = reverse("training:external_training_evidence", args=[record.pk])
    client.force_login(learner)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bang"
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_two_uploads_of_one_name_stay_two_files(s3, cadre_in_a):
    first, second = _evidence(cadre_in_a), _evidence(cadre_in_a)
    assert first.evidence.name != second.evidence.name
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="private/external_training/")
    assert listed["KeyCount"] == 2


def test_public_renditions_have_plain_urls_and_private_files_signed_ones(s3):
    public = storages["public"]
    name = public.save("images/anh.max-800x600.jpg", ContentFile(b"jpeg"))
    assert public.url(name) == f"https://media.example.vn/public/{name}"
    assert s3.get_object(Bucket=f"{BUCKET}-public", Key=f"public/{name}")["Body"].read() == b"jpeg"
    private_url = storages["default"].url("documents/abc/nghi-quyet.pdf")
    assert "Signature" in private_url or "X-Amz-Signature" in private_url


def test_production_settings_choose_s3_when_a_bucket_is_set(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "daotao.example.vn")
    monkeypatch.setenv("S3_BUCKET", "daotao-private")
    monkeypatch.setenv("S3_PUBLIC_BUCKET", "daotao-public")
    monkeypatch.setenv("S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("S3_PUBLIC_URL", "https://anh.daotao.example.vn/")
    sys.modules.pop("cadre_site.settings.production", None)
    try:
        production = importlib.import_module("cadre_site.settings.production")
    finally:
        sys.modules.pop("cadre_site.settings.production", None)
    default, public = production.STORAGES["default"], production.STORAGES["public"]
    assert default["BACKEND"] == "cadres.storage_s3.PrivateS3Storage"
    assert default["OPTIONS"]["bucket_name"] == "daotao-private"
    assert default["OPTIONS"]["location"] == "private"
    assert default["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert public["OPTIONS"]["bucket_name"] == "daotao-public"
    assert public["OPTIONS"]["custom_domain"] == "anh.daotao.example.vn"
    assert public["OPTIONS"]["url_protocol"] == "https:"
    assert "https://anh.daotao.example.vn" in production.CSP_DIRECTIVES["img-src"]
    assert "https://anh.daotao.example.vn" in production.CSP_ADMIN_DIRECTIVES["img-src"]


def test_without_a_bucket_files_stay_on_disk(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "daotao.example.vn")
    monkeypatch.delenv("S3_BUCKET", raising=False)
    sys.modules.pop("cadre_site.settings.production", None)
    try:
        production = importlib.import_module("cadre_site.settings.production")
    finally:
        sys.modules.pop("cadre_site.settings.production", None)
    assert production.STORAGES["default"]["BACKEND"] == "cadres.storage.PrivateStorage"
    assert production.CSP_DIRECTIVES["img-src"] == ["'self'", "data:"]
