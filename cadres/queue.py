"""Everything that puts work on the task queue: jobs, emails, and the periodic sweep.

Views and services call these; the tasks they enqueue call the job base (cadres.jobs) and the
outbox delivery (cadres.mail), which never import this module, so no two modules import each
other.
"""

import logging

from django.db import transaction
from django.utils import timezone

from cadres import jobs, mail
from cadres.models import Job, JobStatus, OutgoingEmail
from cadres.tasks import run_job, send_email

logger = logging.getLogger(__name__)


def job_enqueue(job: Job) -> None:
    """Queue a job's run. Call it once the job row is committed (views run in autocommit), so
    a worker in another process always finds the row."""
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def requeue_if_stale(job: Job) -> bool:
    """A job page watched while its worker is dead heals it: the job is queued again."""
    if job.status != JobStatus.RUNNING or not jobs.mark_requeued(job):
        return False  # mark_requeued leaves a job whose heartbeat is recent alone
    job_enqueue(job)
    return True


def email_queue(
    *, kind: str, recipient: str, subject: str, body: str, html_body: str = "", user=None
) -> OutgoingEmail:
    """Put an email in the outbox; it is sent after the current transaction commits.

    Nothing is sent if the transaction rolls back, and the page that caused it never fails
    because the mail server is down: a failed send is retried in the background.
    """
    email = OutgoingEmail.objects.create(
        kind=kind,
        recipient=recipient,
        user=user,
        subject=" ".join(subject.split())[:255],
        body=body,
        html_body=html_body,
    )
    transaction.on_commit(lambda: send_email.enqueue(email.pk), robust=True)
    return email


def email_queue_message(message, *, kind: str, user=None) -> list[OutgoingEmail]:
    """Put a rendered EmailMessage (allauth's, for instance) in the outbox, one per recipient."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    body = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        html, body = body, ""
    return [
        email_queue(
            kind=kind, recipient=to, subject=message.subject, body=body, html_body=html, user=user
        )
        for to in message.to
    ]


def sweep(now=None) -> dict[str, int]:
    """What the periodic command does: requeue dead jobs, retry due emails, remove old files."""
    now = now or timezone.now()
    requeued = 0
    for job in jobs.stale_jobs(now):
        if jobs.mark_requeued(job, now):
            job_enqueue(job)
            requeued += 1
    mail.release_dead_sending(now)
    retried = 0
    for email_id in mail.due_emails(now).values_list("pk", flat=True):
        send_email.enqueue(email_id)
        retried += 1
    removed = jobs.cleanup_old_files(now)
    return {"requeued_jobs": requeued, "emails_tried": retried, "files_removed": removed}
