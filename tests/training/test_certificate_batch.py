"""A class's certificates as one PDF, built as a background job with visible progress."""

import io
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from cadres import jobs
from cadres.models import JobStatus
from training import certificate_printing, services
from training.models import CertificateBatch, OfferingMode

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_of_three(issuing_body, make_offering, lessons, make_cadre, agency_a_unit, complete):
    offering = make_offering("LOP-BATCH", mode=OfferingMode.ONLINE, approval_required=False)
    names = ["Nguyễn Văn Đạt", "Huỳnh Thị Ngọc Ánh", "Đặng Quốc Việt"]
    for i, name in enumerate(names):
        complete(make_cadre(f"CB-BT-{i}", name, agency_a_unit), offering)
    return offering, names


def test_coordinator_builds_one_pdf_with_a_page_each(client, coordinator, class_of_three):
    offering, names = class_of_three
    client.force_login(coordinator)
    url = reverse("training:offering_certificates", args=[offering.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "batch"})
    batch = CertificateBatch.objects.get()
    assert response["Location"] == reverse("training:certificate_batch", args=[batch.pk])
    assert batch.status == JobStatus.DONE  # the Immediate backend ran it already
    assert (batch.rows_done, batch.rows_total) == (3, 3)
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    download = reverse("cadres:job_download", args=[batch.pk])
    assert download in page
    pdf = b"".join(client.get(download).streaming_content)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    text = "".join(p.extract_text() for p in reader.pages)
    for name in names:
        assert name in text


def test_a_running_batch_refreshes_itself_and_has_no_download(client, coordinator, class_of_three):
    offering, _names = class_of_three
    batch = CertificateBatch.objects.create(
        kind="certificate_batch",
        offering=offering,
        status=JobStatus.RUNNING,
        rows_total=3,
        rows_done=1,
        heartbeat_at=timezone.now(),
    )
    client.force_login(coordinator)
    page = client.get(reverse("training:certificate_batch", args=[batch.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "1 / 3 chứng chỉ" in page
    download = reverse("cadres:job_download", args=[batch.pk])
    assert client.get(download).status_code == 404


def test_chunks_rendered_in_two_processes_are_merged_in_order(class_of_three, monkeypatch):
    offering, names = class_of_three
    from training.models import Certificate

    monkeypatch.setattr(certificate_printing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(certificate_printing, "MAX_CHUNK", 1)
    # No measured layout: every page goes through xhtml2pdf, in chunks on two processes.
    monkeypatch.setattr(certificate_printing, "layout_for", lambda background: None)
    seen = []
    certificates = list(
        Certificate.objects.filter(enrolment__offering=offering)
        .select_related("body", "enrolment__cadre__agency", "enrolment__offering")
        .order_by("holder_name")
    )
    pdf = certificate_printing.batch_pdf(certificates, progress=seen.append, workers=2)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert [
        c.holder_name in reader.pages[i].extract_text() for i, c in enumerate(certificates)
    ] == [True] * 3
    assert seen[-1] == 3 and sorted(seen) == seen


def test_an_empty_class_is_refused_in_vietnamese(client, coordinator, make_offering, issuing_body):
    offering = make_offering("LOP-TRONG")
    with pytest.raises(services.TrainingError) as error:
        services.certificate_batch_start(actor=coordinator, offering=offering)
    assert error.value.messages == [
        "Lớp này chưa có chứng chỉ, giấy chứng nhận còn hiệu lực để in."
    ]
    assert not CertificateBatch.objects.exists()


def test_outsiders_get_404_and_anonymous_users_log_in(
    client, class_of_three, officer_a, learner_b, coordinator
):
    offering, _names = class_of_three
    batch = services.certificate_batch_start(actor=coordinator, offering=offering)
    urls = [
        ("get", reverse("training:offering_certificates", args=[offering.pk])),
        ("post", reverse("training:offering_certificates", args=[offering.pk])),
        ("get", reverse("training:certificate_batch", args=[batch.pk])),
        ("get", reverse("cadres:job_download", args=[batch.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/")
    for outsider in (officer_a, learner_b):
        client.force_login(outsider)
        for method, url in urls:
            assert getattr(client, method)(url, {"action": "batch"}).status_code == 404, url
    assert CertificateBatch.objects.count() == 1


def test_coordinator_issues_the_missing_certificates_from_the_page(
    client, coordinator, make_issuing_body, make_offering, lessons, cadre_in_a, complete
):
    offering = make_offering("LOP-TT", approval_required=False)
    complete(cadre_in_a, offering)  # before the issuing body existed: not issued then
    make_issuing_body()
    client.force_login(coordinator)
    url = reverse("training:offering_certificates", args=[offering.pk])
    assert "Nguyễn Thị Ánh" in client.get(url).content.decode()
    client.post(url, {"action": "issue"})
    assert offering.enrolments.get().certificates.count() == 1
    response = client.post(url, {"action": "issue"}, follow=True)
    assert "đều đã được cấp chứng chỉ" in response.content.decode()


def test_a_batch_whose_worker_died_is_built_again_once(client, coordinator, class_of_three):
    offering, _names = class_of_three
    client.force_login(coordinator)
    with mock.patch("cadres.queue.run_job"):  # queued; a worker claims it and dies half-way
        client.post(
            reverse("training:offering_certificates", args=[offering.pk]), {"action": "batch"}
        )
    batch = CertificateBatch.objects.get()
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=JobStatus.RUNNING,
        rows_done=1,
        attempts=1,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    # The coordinator watching the page is enough to put it back in the queue.
    page = client.get(reverse("training:certificate_batch", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.rows_done, batch.attempts) == (JobStatus.DONE, 3, 2)
    assert reverse("cadres:job_download", args=[batch.pk]) in page
    assert jobs.private_storage().exists(batch.result_file)
    stored = Path(jobs.private_storage().path("jobs"))
    assert len([f for f in stored.rglob("*") if f.is_file()]) == 1  # one file, not two
