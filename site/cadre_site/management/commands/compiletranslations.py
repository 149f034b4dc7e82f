"""Compile every project .po file to .mo with Babel, so no system gettext is needed."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PROJECT_APPS = ("cadres", "curriculum", "training", "cadre_site", "vendor_vi")


def project_po_files() -> list[Path]:
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [Path(apps.get_app_config(app).path) / "locale" for app in PROJECT_APPS]
    files = []
    for root in roots:
        if root.is_dir():
            files.extend(sorted(root.glob("*/LC_MESSAGES/*.po")))
    return files


class Command(BaseCommand):
    help = "Compile the project's translations (.po → .mo) without GNU gettext."

    def handle(self, *args, **options):
        compiled = 0
        for po_path in project_po_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            try:
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file, abort_invalid=True)
            except Exception as exc:
                raise CommandError(f"{po_path}: {exc}") from exc
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            compiled += 1
        self.stdout.write(f"Translations compiled: {compiled} file(s).")
