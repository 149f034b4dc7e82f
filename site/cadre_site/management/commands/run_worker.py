"""The task worker as a service runs it: `db_worker` that outlives database outages.

django-tasks-db's `db_worker` exits on the first database error it does not expect ("the
database system is shutting down", "connection refused"). Here it waits for the database to
answer again and starts over in the same process, so a PostgreSQL restart costs no queued work
and no restart by the supervisor; the supervisor (deploy/supervisord.conf, or systemd) still
restarts the process when it dies for any other reason. A graceful stop (SIGTERM, SIGINT) ends
it as it ends `db_worker`: after the task in hand.
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections, connection

logger = logging.getLogger("cadre_site.worker")


def wait_for_database(*, pause: float, sleep=time.sleep) -> int:
    """Block until the database answers; return how many attempts failed first."""
    failures = 0
    while True:
        try:
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return failures
        except (OperationalError, InterfaceError) as error:
            if failures == 0:
                logger.warning("Database unavailable, waiting for it: %s", error)
            failures += 1
            connection.close()
            sleep(pause)


class Command(BaseCommand):
    help = "Run the task worker (db_worker), waiting out database outages instead of exiting."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pause",
            type=float,
            default=1.0,
            help="Seconds between attempts to reach the database while it is down (default 1).",
        )
        parser.add_argument(
            "--queue-name", default="*", help="Queues to take tasks from (default: all)."
        )

    def handle(self, *args, pause: float, queue_name: str, **options):
        verbosity = options["verbosity"]
        while True:
            failures = wait_for_database(pause=pause)
            if failures:
                logger.warning("Database back after %d failed attempts; worker starts.", failures)
            try:
                call_command("db_worker", queue_name=queue_name, verbosity=verbosity)
                return  # a graceful stop
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "Worker lost the database (%s); starting again when it answers.", error
                )
                close_old_connections()
                connection.close()
                time.sleep(pause)
