"""`make backup`: the database and the public and private media folders in one dated archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cadre_site.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a dated archive of the database (pg_dump custom format) and both media folders."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Folder the archive is written to (default: var/backups).",
        )

    def handle(self, *args, output_dir: str, **options):
        try:
            archive = backup_create(output_dir=Path(output_dir))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
