"""Background tasks of the registry (django-tasks: Immediate in dev and tests, database in production)."""

from django_tasks import task


@task()
def check_import(job_id: int) -> None:
    """Read and check an uploaded import file; store its problems or the counts to expect."""
    from cadres import imports

    imports.job_check(job_id)


@task()
def write_import(job_id: int) -> None:
    """Check the confirmed file again and write it, all or nothing."""
    from cadres import imports

    imports.job_write(job_id)


@task()
def export_cadres(job_id: int) -> None:
    """Write a cadre list export (XLSX or CSV) for its requester to download."""
    from cadres import exports

    exports.job_run(job_id)
