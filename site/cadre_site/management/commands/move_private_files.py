"""Move private files an older version kept in MEDIA_ROOT to PRIVATE_ROOT, under the same names
(so the rows pointing at them stay right). Safe to run again: it moves only what is left."""

import os
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand

from cadres.storage import private_files_in_media


class Command(BaseCommand):
    help = "Move documents, evidence, imports and job files from MEDIA_ROOT to PRIVATE_ROOT."

    def handle(self, *args, **options):
        moved = 0
        for name in private_files_in_media(settings.MEDIA_ROOT):
            source = os.path.join(settings.MEDIA_ROOT, name)
            target = os.path.join(settings.PRIVATE_ROOT, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.exists(target):
                self.stderr.write(f"Kept {name}: a file of that name is already private.")
                continue
            shutil.move(source, target)
            moved += 1
        self.stdout.write(f"Moved {moved} file(s) to {settings.PRIVATE_ROOT}.")
