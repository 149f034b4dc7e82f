"""The office import as a background job: upload → check run → confirm → write run."""

import uuid
from dataclasses import asdict
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from cadres import audit, jobs
from cadres.access import AgencyScope
from cadres.imports.agencies import import_agencies
from cadres.imports.cadres import import_cadres
from cadres.imports.rows import (
    PROBLEM_VALUE_LENGTH,
    PROBLEMS_LISTED,
    Change,
    ImportResult,
    Problem,
)
from cadres.models import (
    ImportJob,
    ImportKind,
    ImportStep,
    JobStatus,
)

# --- Background jobs (the office path): upload → check run → confirm → write run ---
#
# The job base (cadres.jobs) runs run_job twice: first the check (a dry run whose counts and
# problems the uploader reads), then, once confirmed, the write, which checks again inside
# its transaction, so a registry changed in between is caught. The view enqueues each run.

JOB_KIND = "import"
# What imports there are: the registry's own, and those other apps add (training: a class's
# attendance and results sheet) with register_import from their AppConfig.ready.
RUNNERS = {ImportKind.CADRES: import_cadres, ImportKind.AGENCIES: import_agencies}


def register_import(import_kind: str, runner) -> None:
    """A runner takes (source, filename, actor, dry_run, progress, **job.params) and returns an
    ImportResult, checking every row before writing anything, all or nothing."""
    RUNNERS[import_kind] = runner


def job_result(job: ImportJob) -> ImportResult:
    """The job's stored counts and problems, shaped like the import's own result."""
    counts = job.counts or {}
    return ImportResult(
        created=counts.get("created", 0),
        updated=counts.get("updated", 0),
        transferred=counts.get("transferred", 0),
        unchanged=counts.get("unchanged", 0),
        problems=[Problem(**p) for p in job.problems or []],
        problems_total=counts.get("problems", 0),
        dry_run=job.status != JobStatus.DONE,
        changes=[Change(**c) for c in job.changes or []],
    )


def job_create(
    *, user, import_kind: str, upload, scope: AgencyScope, params: dict | None = None
) -> ImportJob:
    """Keep the upload in private storage and record the job; the caller enqueues its check."""
    name = jobs.private_storage().save(
        f"imports/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", upload
    )
    return jobs.job_create(
        ImportJob,
        kind=JOB_KIND,
        step=ImportStep.CHECK,
        user=user,
        scope=scope,
        import_kind=import_kind,
        file_name=name,
        original_name=upload.name[:255],
        params=params or {},
    )


def _remove_file(job: ImportJob) -> None:
    storage = jobs.private_storage()
    if job.file_name and storage.exists(job.file_name):
        storage.delete(job.file_name)


def _run(job: ImportJob, *, dry_run: bool) -> ImportResult:
    def progress(done: int, total: int) -> None:
        jobs.progress(job.pk, done, total)

    with (
        translation.override(job.language or None),
        audit.within_job(job.pk),
        jobs.private_storage().open(job.file_name) as f,
    ):
        return RUNNERS[job.import_kind](
            source=f,
            filename=job.original_name,  # problems name the user's file, not the storage path
            actor=jobs.job_actor(job),
            dry_run=dry_run,
            progress=progress,
            **(job.params or {}),
        )


def _stored(result: ImportResult) -> dict:
    return {
        "counts": {
            "created": result.created,
            "updated": result.updated,
            "transferred": result.transferred,
            "unchanged": result.unchanged,
            "problems": result.problem_count,
        },
        "changes": [asdict(c) for c in result.changes],
        "problems": [
            {**asdict(p), "value": str(p.value)[:PROBLEM_VALUE_LENGTH]}
            for p in result.problems[:PROBLEMS_LISTED]
        ],
    }


def run_job(job_id: int) -> None:
    """The job base's runner: the check, or the write once confirmed."""
    job = ImportJob.objects.get(pk=job_id)
    try:
        if job.step == ImportStep.CHECK:
            _check(job)
        else:
            _write(job)
    except Exception:
        _remove_file(job)  # the job fails (cadres.jobs.run); its file is of no more use
        raise


def _check(job: ImportJob) -> None:
    """The dry run: problems and the counts a confirm would give; nothing is written."""
    result = _run(job, dry_run=True)
    jobs.finish(job, status=JobStatus.WAITING, **_stored(result))
    if not result.ok:
        _remove_file(job)  # nothing more can be done with this file


def _write(job: ImportJob) -> None:
    """Check again and write in one transaction (all or nothing), once; then drop the file."""
    with transaction.atomic():
        if jobs.lock_for_write(job.pk, step=ImportStep.WRITE) is None:
            return  # written by an earlier run of the same job
        result = _run(job, dry_run=False)
        # New problems (the registry changed since the check): nothing was written; show them.
        jobs.finish(
            job,
            status=JobStatus.DONE if result.ok else JobStatus.WAITING,
            **_stored(result),
        )
    _remove_file(job)


def job_confirm(job: ImportJob) -> bool:
    """Turn a checked job without problems into a queued write, once; the caller enqueues it."""
    return bool(
        ImportJob.objects.filter(
            pk=job.pk, status=JobStatus.WAITING, step=ImportStep.CHECK, problems=[]
        ).update(status=JobStatus.QUEUED, step=ImportStep.WRITE, rows_done=0)
    )


def job_cancel(job: ImportJob) -> bool:
    """Drop a job not yet being written, and its file."""
    cancelled = ImportJob.objects.filter(
        Q(status__in=[JobStatus.QUEUED, JobStatus.WAITING]) | Q(status=JobStatus.RUNNING),
        pk=job.pk,
        step=ImportStep.CHECK,
    ).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
    if cancelled:
        _remove_file(job)
    return bool(cancelled)
