"""Cadre list exports on the job base: POST → job page (progress) → download by the requester.

The Immediate task backend runs the export during the POST that queues it.
"""

import io
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cadres import exports, jobs, queue, services
from cadres.access import EVERYTHING, SYSTEM
from cadres.models import ExportJob, ExportKind, JobStatus
from cadres.selectors import CadreFilters
from tests.cadres.helpers import export_via_job

pytestmark = pytest.mark.django_db
SENSITIVE_VALUES = ["Khmer", "Phật giáo Hòa Hảo"]


def job_url(job, name="cadres:export_job"):
    return reverse(name, args=[job.pk])


def download_url(job):
    return reverse("cadres:job_download", args=[job.pk])


@pytest.fixture
def risky_cadre(make_cadre, agency_a_unit):
    return make_cadre("CB-X", "=CMD()", agency_a_unit, position="-Chuyên viên")


def test_csv_job_captures_the_request_and_the_file_has_bom_escaping_and_scoped_rows(
    client, officer_a, cadre_in_a, cadre_in_b, risky_cadre
):
    client.force_login(officer_a)
    page, response, body = export_via_job(client, "csv")
    job = ExportJob.objects.get()
    assert job.export_kind == ExportKind.CADRES_CSV and job.requested_by == officer_a
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert job.scopes == [{"path": officer_a.scopes.get().agency.path}]
    assert job.sensitive and job.language == "vi"
    assert job.rows_total == job.rows_done == 2
    assert job.result_file.startswith("jobs/")
    assert jobs.private_storage().exists(job.result_file)
    html = page.content.decode()
    assert download_url(job) in html
    assert 'http-equiv="refresh"' not in html
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''danh-s%C3%A1ch-c%C3%A1n-b%E1%BB%99-" in disposition
    assert 'filename="danh-sach-can-bo-' in disposition
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "'=CMD()" in text and "'-Chuyên viên" in text
    assert "CB-A-001" in text and "CB-B-001" not in text
    assert "Dân tộc" in text and "Khmer" in text


def test_filters_are_stored_as_the_list_parses_them(client, officer_a, cadre_in_a, risky_cadre):
    client.force_login(officer_a)
    agency = risky_cadre.agency
    text = export_via_job(client, "csv", {"q": "nguyen", "agency": agency.pk, "party": "yes"})[
        2
    ].decode("utf-8-sig")
    job = ExportJob.objects.get()
    assert job.filters["query"] == "nguyen" and job.filters["agency_id"] == agency.pk
    assert "CB-X" not in text


def test_xlsx_job_for_a_role_without_sensitive_fields_leaves_them_out(
    client, coordinator, cadre_in_a
):
    client.force_login(coordinator)
    with mock.patch("cadres.exports.can_see_sensitive", return_value=False):
        _page, response, body = export_via_job(client, "xlsx")
    job = ExportJob.objects.get()
    assert not job.sensitive and job.scopes == [{"path": ""}]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    assert not set(exports.SENSITIVE_HEADERS) & set(rows[0])
    flat = " ".join(str(v) for row in rows for v in row)
    assert "CB-A-001" in flat
    for value in SENSITIVE_VALUES:
        assert value not in flat


def test_the_sensitive_decision_is_the_one_taken_at_request_time(coordinator, cadre_in_a, agency_a):
    job = exports.job_create(user=coordinator, fmt="csv", filters=CadreFilters(), scope=EVERYTHING)
    ExportJob.objects.filter(pk=job.pk).update(sensitive=False)
    queue.job_enqueue(job)
    job.refresh_from_db()
    with jobs.private_storage().open(job.result_file) as f:
        text = f.read().decode("utf-8-sig")
    assert "CB-A-001" in text and "Khmer" not in text


def test_another_officer_gets_404_on_the_job_page_and_the_download(
    client, officer_a, officer_b, cadre_in_a
):
    client.force_login(officer_a)
    export_via_job(client, "csv")
    job = ExportJob.objects.get()
    client.force_login(officer_b)
    assert client.get(job_url(job)).status_code == 404
    assert client.get(download_url(job)).status_code == 404


def test_the_requester_outside_the_captured_scope_gets_404(client, officer_a, agency_b, cadre_in_a):
    client.force_login(officer_a)
    export_via_job(client, "csv")
    job = ExportJob.objects.get()
    # Moved to another agency since the export: the old scope withdrawn, a new one granted.
    services.scope_withdraw(actor=SYSTEM, scope=officer_a.scopes.get())
    services.scope_grant(actor=SYSTEM, user=officer_a, agency=agency_b)
    assert client.get(job_url(job)).status_code == 404
    assert client.get(download_url(job)).status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    export_via_job(client, "csv")
    job = ExportJob.objects.get()
    client.logout()
    for url in (
        job_url(job),
        download_url(job),
        reverse("cadres:cadre_export_csv"),
    ):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302 and "login" in response.url


def test_a_get_of_the_export_address_starts_nothing(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    response = client.get(reverse("cadres:cadre_export_xlsx"), {"q": "nguyen"})
    assert response.status_code == 200 and ExportJob.objects.count() == 0
    html = response.content.decode()
    assert 'method="post"' in html and "q=nguyen" in html


def test_a_running_job_page_refreshes_itself_and_shows_progress(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    with mock.patch("cadres.queue.run_job"):
        response = client.post(reverse("cadres:cadre_export_xlsx"))
    job = ExportJob.objects.get()
    assert response.url == job_url(job) and job.status == JobStatus.QUEUED
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, rows_done=1000, rows_total=2000, heartbeat_at=timezone.now()
    )
    html = client.get(job_url(job)).content.decode()
    assert 'http-equiv="refresh"' in html and "<progress" in html
    assert "1.000" in html and "2.000" in html
    assert download_url(job) not in html
    assert client.get(download_url(job)).status_code == 404


def test_progress_is_reported_every_thousand_rows(coordinator, cadre_in_a):
    job = exports.job_create(user=coordinator, fmt="csv", filters=CadreFilters(), scope=EVERYTHING)
    reports = []
    rows = exports._counted(iter([[i] for i in range(2500)]), reports.append)
    assert len(list(rows)) == 2500 and reports == [1000, 2000]
    queue.job_enqueue(job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_total == job.rows_done == 1


def test_a_failure_is_shown_on_the_job_page(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    with mock.patch("cadres.exports.write_csv", side_effect=OSError("disk full")):
        page = client.post(reverse("cadres:cadre_export_csv"), follow=True)
    job = ExportJob.objects.get()
    assert job.status == JobStatus.FAILED and job.result_file == ""
    assert job.error in page.content.decode() and "lỗi bất ngờ" in job.error
    assert not (Path(settings.MEDIA_ROOT) / "jobs").exists()


def test_files_older_than_a_day_are_removed_by_the_sweep(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    export_via_job(client, "csv")
    export_via_job(client, "csv")
    old, new = ExportJob.objects.order_by("pk")
    path = Path(settings.MEDIA_ROOT) / old.result_file
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=2))
    assert queue.sweep()["files_removed"] == 1
    old.refresh_from_db()
    assert old.result_file == "" and not path.exists()
    assert client.get(download_url(new)).status_code == 200
    assert client.get(download_url(old)).status_code == 404
    assert "đã được xóa" in client.get(job_url(old)).content.decode()
