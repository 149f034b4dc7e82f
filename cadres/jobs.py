"""The job base: how background work (imports, exports, certificate batches) runs and is watched.

A job is a row (cadres.models.Job, extended by each kind) and a task that runs it
(cadres.tasks.run_job). Each kind registers a runner here from its AppConfig.ready; the runner
does the work and reports through progress() and finish(). run() claims a queued job once, so
a task delivered twice runs once; a job whose heartbeat stops (its worker died) is found by
stale_jobs() and queued again by cadres.queue.sweep. Runners must be safe to run again: write
all or nothing in one transaction, and check the job's step inside it (see lock_for_write).

Nothing here enqueues: cadres.queue does (views and the sweep call it), so this module and the
runners never import the tasks that call them.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import default_task_backend
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from cadres.access import (
    NOTHING,
    Acting,
    AgencyScope,
    agency_scope_for,
    is_coordinator,
    scope_from_list,
    scope_intersection,
    scope_to_list,
    scope_within,
)
from cadres.models import Job, JobStatus

logger = logging.getLogger(__name__)

JOB_FAILED = _("The work stopped because of an unexpected error; nothing was kept.")
JOB_GAVE_UP = _(
    "The work was interrupted several times (the server restarted or ran short of memory) and "
    "has been stopped; nothing was kept. Ask for it again, or tell an administrator if it "
    "happens again."
)
# Retired tasks of django-tasks-db are marked with this exception path in the admin.
DEAD_TASK_EXCEPTION = "cadres.jobs.WorkerLost"


class WorkerLost(Exception):
    """The worker running a job stopped answering (a crash, a kill, a restart)."""


def private_storage():
    """Where uploads and job results live: PRIVATE_ROOT (cadres.storage), never served, handed
    out by access-checked views."""
    return default_storage


def requester_only(user, job: Job) -> bool:
    return job.requested_by_id == user.pk


def coordinators_and_requester(user, job: Job) -> bool:
    return requester_only(user, job) or is_coordinator(user)


@dataclass(frozen=True)
class JobKind:
    """What the job base needs to know of a kind of job."""

    model: type[Job]
    run: Callable[[int], None]  # does the work of the job with this id
    page: str  # URL name (with pk) of the page that shows the job
    readable_by: Callable[[object, Job], bool] = requester_only


KINDS: dict[str, JobKind] = {}

# The audit hook: sent with `job` (the row of its kind) when a run ends (done, waiting for the
# requester, failed). The audit trail of who did what connects here; so may notices.
job_finished = Signal()


def register(kind: str, spec: JobKind) -> None:
    KINDS[kind] = spec


def stale_after() -> timedelta:
    return timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


# --- Creating and reading ---


def job_create(model: type[Job], *, kind: str, user, scope: AgencyScope, **fields) -> Job:
    """A queued job of this kind for `user`, keeping their scope and language as they are now."""
    return model.objects.create(
        kind=kind,
        requested_by=user,
        scopes=scope_to_list(scope),
        language=translation.get_language() or "",
        **fields,
    )


def job_scope(job: Job) -> AgencyScope:
    """The scope the job captured when it was asked for."""
    return scope_from_list(job.scopes)


def job_actor(job: Job) -> Acting:
    """Who the job acts as: its requester, within both the scope captured and their scope now."""
    user = job.requested_by
    today = agency_scope_for(user) if user is not None else NOTHING
    return Acting(user=user, scope=scope_intersection(job_scope(job), today))


# --- Running: called by the task ---


def run(job_id: int) -> None:
    """Claim the queued job and run its kind's runner; a job already claimed is left alone."""
    job = Job.objects.filter(pk=job_id).only("kind").first()
    if job is None or job.kind not in KINDS:
        logger.warning("No job %s of a known kind to run", job_id)
        return
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return  # cancelled, finished, or run by another worker
    try:
        KINDS[job.kind].run(job_id)
    except Exception:  # the requester sees the failure on the job's page
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        fail(job_id)


def progress(job_id: int, done: int, total: int | None = None) -> None:
    """Count progress and beat the heart: a job that stops beating is taken for dead."""
    fields = {"rows_done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["rows_total"] = total
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(**fields)


def finish(job: Job, *, status: str = JobStatus.DONE, **fields) -> bool:
    """Record the end of a run (done, or waiting for the requester) with the kind's own fields;
    False if the job was not running any more."""
    if status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED):
        fields.setdefault("finished_at", timezone.now())
    finished = bool(
        type(job)
        .objects.filter(pk=job.pk, status=JobStatus.RUNNING)
        .update(status=status, heartbeat_at=timezone.now(), **fields)
    )
    if finished:
        _announce(type(job), job.pk)
    return finished


def fail(job_id: int, message=JOB_FAILED) -> None:
    job = Job.objects.filter(pk=job_id).only("language", "kind").first()
    with translation.override((job.language if job else "") or None):
        text = str(message)
    if Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, error=text, finished_at=timezone.now()
    ):
        kind = KINDS.get(job.kind) if job else None
        _announce(kind.model if kind else Job, job_id)


def _announce(model: type[Job], job_id: int) -> None:
    job = model.objects.filter(pk=job_id).first()
    if job is not None:
        transaction.on_commit(lambda: job_finished.send(sender=model, job=job), robust=True)


def lock_for_write(job_id: int, *, step: str = "") -> Job | None:
    """Inside the runner's transaction: the job row, locked, if it is still this run's to write.

    A second run of the same job (a requeue of one that was only slow) waits on the lock and
    then finds the job finished, so the write happens once.
    """
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status != JobStatus.RUNNING or (step and job.step != step):
        return None
    return job


def store_result(job_id: int, *, data_path, extension: str, download_name: str) -> str:
    """Move a finished file into private storage under jobs/; returns its storage name."""
    storage = private_storage()
    with open(data_path, "rb") as data:
        name = storage.save(f"jobs/{job_id}.{extension}", data)
    Job.objects.filter(pk=job_id).update(result_file=name, result_name=download_name)
    return name


# --- Watching over runs ---


def stale_jobs(now=None):
    """Running jobs whose heartbeat stopped longer ago than JOB_STALE_AFTER_SECONDS."""
    cutoff = (now or timezone.now()) - stale_after()
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)


def mark_requeued(job: Job, now=None) -> bool:
    """Put a dead run back in the queue (only if it is still stale: a live run is left alone).
    A job whose runs have died JOB_MAX_ATTEMPTS times in all is failed instead: what kills it
    (a file too large for the worker's memory, say) would kill it again at every sweep."""
    cutoff = (now or timezone.now()) - stale_after()
    if job.attempts >= settings.JOB_MAX_ATTEMPTS:
        if Job.objects.filter(pk=job.pk, heartbeat_at__lt=cutoff).exists():
            logger.error("Job %s (%s) died %s times: failed", job.pk, job.kind, job.attempts)
            fail(job.pk, JOB_GAVE_UP)
            _retire_task(job.task_id)
        return False
    with transaction.atomic():
        requeued = Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, heartbeat_at__lt=cutoff
        ).update(status=JobStatus.QUEUED, heartbeat_at=None)
    if requeued:
        logger.warning("Job %s (%s) stopped beating: queued again", job.pk, job.kind)
        _retire_task(job.task_id)
    return bool(requeued)


def _retire_task(task_id: str) -> None:
    """A dead run's task stays "running" in django-tasks-db for ever: mark it failed."""
    if not task_id or not isinstance(default_task_backend, DatabaseBackend):
        return  # other backends keep no task rows to retire
    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path=DEAD_TASK_EXCEPTION,
        traceback="",
    )


def cleanup_old_files(now=None) -> int:
    """Remove result files of jobs that finished more than JOB_FILES_KEPT_DAYS ago."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.JOB_FILES_KEPT_DAYS)
    storage = private_storage()
    removed = 0
    for job in (
        Job.objects.filter(finished_at__lt=cutoff).exclude(result_file="").only("result_file")
    ):
        try:
            storage.delete(job.result_file)
        except OSError:
            logger.exception("Could not remove the file of job %s", job.pk)
            continue
        Job.objects.filter(pk=job.pk).update(result_file="")
        removed += 1
    return removed


# --- Access ---


def access_job_by_id(user, pk, model: type[Job] = Job) -> Job:
    """The job if its kind lets this user read it (the requester, by default) and the user's
    scope still holds the one the job captured; 404 otherwise."""
    try:
        job = model.objects.select_related("requested_by").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    kind = KINDS.get(job.kind)
    if (
        not user.is_authenticated
        or kind is None
        or not kind.readable_by(user, job)
        or not scope_within(job_scope(job), agency_scope_for(user))
    ):
        raise Http404
    return job
