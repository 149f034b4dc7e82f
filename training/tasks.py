"""Background tasks of training (django-tasks: Immediate in dev and tests, database in production)."""

from django_tasks import task


@task()
def build_certificate_batch(batch_id: int) -> None:
    """Render a class's certificates into one PDF; progress is counted on the batch row."""
    from training import services

    services.certificate_batch_build(batch_id=batch_id)
