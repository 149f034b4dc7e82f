"""`make restore FILE=...`: put a backup back (database, public and private media folders)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cadre_site.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into the database of the settings (which must be "
        "empty unless --replace) and unpack MEDIA_ROOT and PRIVATE_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar file written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that already has tables (pg_restore --clean).",
        )

    def handle(self, *args, archive: str, replace: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            manifest = backup_restore(archive=path, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({manifest['engine']} "
            f"{manifest['database']}, files: {manifest['files']})."
        )
