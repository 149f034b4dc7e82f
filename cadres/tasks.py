"""Background tasks (django-tasks: Immediate in dev and tests, the database and db_worker in
production). They only call the job base and the outbox; cadres.queue enqueues them."""

from django_tasks import default_task_backend, task

from cadres import jobs, mail


@task()
def run_job(job_id: int) -> None:
    """Run a background job (an import, an export, a certificate batch) once."""
    jobs.run(job_id)


@task()
def send_email(email_id: int) -> None:
    """Send one email of the outbox; on failure, try again after the back-off."""
    retry_at = mail.deliver(email_id)
    if retry_at is not None and default_task_backend.supports_defer:
        send_email.using(run_after=retry_at).enqueue(email_id)
    # Without deferred tasks (the Immediate backend) the periodic sweep retries it.
