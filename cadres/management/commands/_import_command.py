"""What import_agencies and import_cadres share: arguments, Vietnamese report, exit codes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from cadres.access import SYSTEM
from cadres.imports import ImportResult


def problem_line(problem) -> str:
    if problem.row is None:
        return _("File: %(reason)s") % {"reason": problem.reason}
    return _("Row %(row)d, column “%(column)s”, value “%(value)s”: %(reason)s") % {
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "reason": problem.reason,
    }


def counts_line(result: ImportResult, transferred_label: str) -> str:
    return _(
        "created: %(created)d, updated: %(updated)d, %(transferred_label)s: %(transferred)d, "
        "unchanged: %(unchanged)d"
    ) % {
        "created": result.created,
        "updated": result.updated,
        "transferred_label": transferred_label,
        "transferred": result.transferred,
        "unchanged": result.unchanged,
    }


class ImportCommand(BaseCommand):
    """Runs an import over the whole province; exits 1 and lists every problem if any row is bad."""

    import_function = None  # set by subclasses
    transferred_label = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx or .csv file (UTF-8, with or without BOM)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        with translation.override("vi"):
            if not path.is_file():
                raise CommandError(_("File not found: %(path)s") % {"path": path})
            result = type(self).import_function(
                source=path, filename=path.name, actor=SYSTEM, dry_run=options["dry_run"]
            )
            if not result.ok:
                for problem in result.problems:
                    self.stderr.write(problem_line(problem))
                raise CommandError(
                    _("Nothing was imported: %(count)d problem(s).")
                    % {"count": len(result.problems)}
                )
            summary = counts_line(result, str(self.transferred_label))
            if result.dry_run:
                self.stdout.write(_("Dry run, nothing written. %(summary)s") % {"summary": summary})
            else:
                self.stdout.write(
                    self.style.SUCCESS(_("Imported. %(summary)s") % {"summary": summary})
                )
