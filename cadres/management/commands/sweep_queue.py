"""Keep background work moving: run it from cron every minute or so (see the README)."""

from django.core.management.base import BaseCommand

from cadres import queue


class Command(BaseCommand):
    help = (
        "Queue again the jobs whose worker died, retry the emails that are due, "
        "and remove job files kept long enough."
    )

    def handle(self, *args, **options):
        done = queue.sweep()
        self.stdout.write(
            "requeued jobs: {requeued_jobs}, emails tried: {emails_tried}, "
            "files removed: {files_removed}".format(**done)
        )
