import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from training.models import ExternalTraining

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(cadre_in_a):
    record = ExternalTraining(
        cadre=cadre_in_a,
        title="Trung cấp lý luận chính trị",
        institution="Trường Chính trị tỉnh",
        content_kind="political_theory",
        hours=44,
        start_date=datetime.date(2026, 2, 2),
        end_date=datetime.date(2026, 6, 30),
    )
    record.evidence.save("bang-tot-nghiep.pdf", ContentFile(b"%PDF-1.4 bang"), save=False)
    record.save()
    return record


def _url(record):
    return reverse("training:external_training_evidence", args=[record.pk])


def test_the_cadre_and_their_officer_download_the_evidence(client, record, learner, officer_a):
    for user in (learner, officer_a):
        client.force_login(user)
        response = client.get(_url(record))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 bang"


def test_outsiders_get_404_and_anonymous_users_log_in(client, record, officer_b, learner_b):
    assert client.get(_url(record))["Location"].startswith("/accounts/login/")
    for user in (officer_b, learner_b):
        client.force_login(user)
        assert client.get(_url(record)).status_code == 404


def test_the_record_page_links_the_evidence(client, record, officer_a):
    client.force_login(officer_a)
    html = client.get(reverse("training:cadre_record", args=[record.cadre_id])).content.decode()
    assert _url(record) in html


def test_coordinators_and_administrators_download_the_evidence_their_pages_link(
    client, record, coordinator, make_user
):
    admin = make_user("quantri", is_superuser=True, is_staff=True)
    for user in (coordinator, admin):
        client.force_login(user)
        html = client.get(reverse("training:cadre_record", args=[record.cadre_id])).content
        assert _url(record) in html.decode()
        response = client.get(_url(record))
        assert response.status_code == 200, user


@pytest.mark.parametrize(
    ("name", "size", "words"),
    [("trang.html", 100, "pdf"), ("bang.svg", 100, "pdf"), ("bang.pdf", 11 * 1024 * 1024, "10 MB")],
)
def test_evidence_has_a_type_and_a_size_limit(name, size, words):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from training.forms import ExternalTrainingForm

    data = {
        "title": "Bồi dưỡng",
        "institution": "Trường",
        "content_kind": "political_theory",
        "hours": 8,
        "start_date": "02/02/2026",
        "end_date": "03/02/2026",
    }
    upload = SimpleUploadedFile(name, b"%PDF-1.4 " + b"0" * size)
    form = ExternalTrainingForm(data=data, files={"evidence": upload})
    assert not form.is_valid()
    assert words in form.errors["evidence"][0]
