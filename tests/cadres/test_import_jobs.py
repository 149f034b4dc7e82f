"""The office import on the job base: check run → job page → confirm → write run.

The Immediate task backend runs each task during the request that queues it.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cadres import imports, jobs, queue, services
from cadres.access import EVERYTHING, SYSTEM
from cadres.models import Cadre, ImportJob, ImportStep, JobStatus
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, path, kind="cadres"):
    content = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("cadres:import_upload", args=[kind]), {"file": content})


def job_url(job, name="cadres:import_job"):
    return reverse(name, args=[job.pk])


@pytest.fixture
def clean_file(tmp_path, agency_a_unit):
    return write_xlsx(
        tmp_path / "a.xlsx",
        CADRE_HEADERS,
        [cadre_row("CB1", "Nguyễn An", "UBND-A"), cadre_row("CB2", "Lê Bình", "UBND-A")],
    )


def test_upload_checks_in_the_background_and_lists_problems_without_writing(
    client, officer_a, agency_a_unit, tmp_path
):
    client.force_login(officer_a)
    path = write_xlsx(
        tmp_path / "b.xlsx",
        CADRE_HEADERS,
        [
            cadre_row("CB1", "Nguyễn An", "UBND-A", Email="x@"),
            cadre_row("CB2", "Lê Bình", "UBND-B"),
        ],
    )
    response = upload(client, path)
    job = ImportJob.objects.get()
    assert response.url == job_url(job)
    assert job.status == JobStatus.WAITING and job.requested_by == officer_a
    assert job.scopes == [{"path": officer_a.scopes.get().agency.path}]
    assert [(p["row"], p["column"]) for p in job.problems] == [(2, "Email"), (3, "Mã đơn vị")]
    assert job.problems[0]["value"] == "x@"
    assert not default_storage.exists(job.file_name)  # nothing more to do with a refused file
    html = client.get(job_url(job)).content.decode()
    assert "Có 2 lỗi" in html and "Xác nhận nhập" not in html
    assert (
        "Địa chỉ thư điện tử không hợp lệ." in html and "Không có đơn vị nào mang mã này." in html
    )
    assert 'http-equiv="refresh"' not in html
    forced = client.post(job_url(job), {"confirm": "1"})
    assert forced.status_code == 302 and Cadre.objects.count() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.WAITING


def test_upload_then_confirm_writes_and_shows_the_counts(client, officer_a, clean_file):
    client.force_login(officer_a)
    upload(client, clean_file)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.WAITING and job.problems == []
    assert job.counts == {
        "created": 2,
        "updated": 0,
        "transferred": 0,
        "unchanged": 0,
        "problems": 0,
    }
    page = client.get(job_url(job)).content.decode()
    assert "Xác nhận nhập" in page and Cadre.objects.count() == 0
    done = client.post(job_url(job), {"confirm": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == job_url(job)
    assert "Đã nhập: tạo mới 2" in done.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert Cadre.objects.count() == 2
    assert not default_storage.exists(job.file_name)


def test_a_second_confirm_does_nothing(client, officer_a, clean_file):
    client.force_login(officer_a)
    upload(client, clean_file)
    job = ImportJob.objects.get()
    client.post(job_url(job), {"confirm": "1"})
    with mock.patch("cadres.queue.run_job") as run_task:
        again = client.post(job_url(job), {"confirm": "1"})
    assert again.status_code == 302 and again.url == job_url(job)
    run_task.enqueue.assert_not_called()
    assert Cadre.objects.count() == 2


def test_confirm_turns_a_checked_job_into_one_queued_write(officer_a, clean_file):
    with open(clean_file, "rb") as f:
        job = imports.job_create(
            user=officer_a,
            import_kind="cadres",
            upload=SimpleUploadedFile("a.xlsx", f.read()),
            scope=EVERYTHING,
        )
    queue.job_enqueue(job)  # the check
    job.refresh_from_db()
    assert imports.job_confirm(job) is True
    assert imports.job_confirm(job) is False
    job.refresh_from_db()
    assert (job.status, job.step) == (JobStatus.QUEUED, ImportStep.WRITE)


def test_another_officer_gets_404_on_the_job_page_and_on_confirm(
    client, officer_a, officer_b, clean_file
):
    client.force_login(officer_a)
    upload(client, clean_file)
    job = ImportJob.objects.get()
    client.force_login(officer_b)
    assert client.get(job_url(job)).status_code == 404
    assert client.post(job_url(job), {"confirm": "1"}).status_code == 404
    assert client.post(job_url(job), {"cancel": "1"}).status_code == 404
    assert Cadre.objects.count() == 0
    assert ImportJob.objects.get().status == JobStatus.WAITING


def test_the_uploader_outside_the_captured_scope_gets_404(client, officer_a, agency_b, clean_file):
    client.force_login(officer_a)
    upload(client, clean_file)
    job = ImportJob.objects.get()
    # Moved to another agency since the upload: the old scope withdrawn, a new one granted.
    services.scope_withdraw(actor=SYSTEM, scope=officer_a.scopes.get())
    services.scope_grant(actor=SYSTEM, user=officer_a, agency=agency_b)
    assert client.post(job_url(job), {"confirm": "1"}).status_code == 404
    assert Cadre.objects.count() == 0


def test_anonymous_users_are_sent_to_the_login_page(client, officer_a, clean_file):
    client.force_login(officer_a)
    upload(client, clean_file)
    job = ImportJob.objects.get()
    client.logout()
    for response in (client.get(job_url(job)), client.post(job_url(job), {"confirm": "1"})):
        assert response.status_code == 302 and "login" in response.url
    assert Cadre.objects.count() == 0


def test_progress_reaches_the_row_count(client, coordinator, agency_a_unit, tmp_path):
    rows = [cadre_row(f"CB{i:05d}", "Nguyễn An", "UBND-A") for i in range(2500)]
    path = write_csv(tmp_path / "big.csv", CADRE_HEADERS, rows)
    client.force_login(coordinator)
    upload(client, path)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.WAITING and job.scopes == [{"path": ""}]
    assert job.rows_total == job.rows_done == 2500
    assert job.counts["created"] == 2500


def test_the_callback_reports_every_thousand_rows(agency_a_unit, tmp_path):
    rows = [cadre_row(f"CB{i:05d}", "Nguyễn An", "UBND-A") for i in range(2500)]
    path = write_csv(tmp_path / "big.csv", CADRE_HEADERS, rows)
    reports = []
    result = imports.import_cadres(
        source=path,
        filename=path.name,
        actor=SYSTEM,
        dry_run=True,
        progress=lambda done, total: reports.append((done, total)),
    )
    assert result.ok and result.created == 2500
    assert reports == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_a_running_job_page_refreshes_itself_and_shows_progress(client, officer_a, clean_file):
    client.force_login(officer_a)
    with mock.patch("cadres.queue.run_job"):
        upload(client, clean_file)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, rows_done=1000, rows_total=2000, heartbeat_at=timezone.now()
    )
    html = client.get(job_url(job)).content.decode()
    assert 'http-equiv="refresh"' in html and "Xác nhận nhập" not in html
    assert "1.000" in html or "1,000" in html


def test_a_new_upload_cancels_the_unconfirmed_one(client, officer_a, clean_file):
    client.force_login(officer_a)
    upload(client, clean_file)
    upload(client, clean_file)
    first, second = ImportJob.objects.order_by("pk")
    assert first.status == JobStatus.CANCELLED and not default_storage.exists(first.file_name)
    assert second.status == JobStatus.WAITING
    assert client.post(job_url(first), {"confirm": "1"}).status_code == 302
    assert Cadre.objects.count() == 0


def test_a_failing_check_is_shown_and_writes_nothing(client, officer_a, clean_file):
    client.force_login(officer_a)
    failing = mock.Mock(side_effect=RuntimeError("boom"))
    with mock.patch.dict(imports.RUNNERS, {"cadres": failing}):
        upload(client, clean_file)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and "boom" not in job.error
    assert not default_storage.exists(job.file_name)
    assert client.get(job_url(job)).status_code == 200


def test_a_write_whose_worker_died_is_queued_again_and_writes_once(client, officer_a, clean_file):
    client.force_login(officer_a)
    upload(client, clean_file)
    job = ImportJob.objects.get()
    with mock.patch("cadres.queue.run_job"):  # confirmed; the worker takes it ...
        client.post(job_url(job), {"confirm": "1"})
    # ... claims it, and is killed mid-write: its transaction rolled back, its heartbeat stopped.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    assert Cadre.objects.count() == 0
    assert queue.sweep()["requeued_jobs"] == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert Cadre.objects.count() == 2
    assert queue.sweep()["requeued_jobs"] == 0
    assert Cadre.objects.count() == 2


def test_a_job_that_keeps_dying_is_failed_rather_than_queued_for_ever(
    client, officer_a, clean_file, settings
):
    client.force_login(officer_a)
    upload(client, clean_file)
    job = ImportJob.objects.get()
    with mock.patch("cadres.queue.run_job"):
        client.post(job_url(job), {"confirm": "1"})
    # Its runs died again and again: the fifth one too.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=settings.JOB_MAX_ATTEMPTS,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    assert queue.sweep()["requeued_jobs"] == 0
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "bị gián đoạn nhiều lần" in job.error
    assert Cadre.objects.count() == 0
    assert "bị gián đoạn nhiều lần" in client.get(job_url(job)).content.decode()


def test_a_slow_but_living_job_is_left_alone(client, officer_a, clean_file):
    client.force_login(officer_a)
    with mock.patch("cadres.queue.run_job"):
        upload(client, clean_file)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now() - timedelta(seconds=30)
    )
    assert queue.sweep()["requeued_jobs"] == 0
    client.get(job_url(job))  # watching the page does not requeue a living job either
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_run_delivered_twice_runs_once(officer_a, clean_file):
    with open(clean_file, "rb") as f:
        job = imports.job_create(
            user=officer_a,
            import_kind="cadres",
            upload=SimpleUploadedFile("a.xlsx", f.read()),
            scope=EVERYTHING,
        )
    jobs.run(job.pk)
    jobs.run(job.pk)  # the queue delivered the task twice
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.WAITING, 1)


def test_the_audit_hook_hears_each_run_end(
    client, officer_a, clean_file, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, job, **kwargs):
        heard.append((sender.__name__, job.status, job.requested_by_id))

    jobs.job_finished.connect(listener)
    try:
        client.force_login(officer_a)
        with django_capture_on_commit_callbacks(execute=True):
            upload(client, clean_file)
            client.post(job_url(ImportJob.objects.get()), {"confirm": "1"})
    finally:
        jobs.job_finished.disconnect(listener)
    assert heard == [
        ("ImportJob", JobStatus.WAITING, officer_a.pk),
        ("ImportJob", JobStatus.DONE, officer_a.pk),
    ]
