"""Write a report of the reviews to a file, for scheduled reporting (cron) or by hand.

An operator's command: it reports on the whole province (or one agency's subtree with --agency),
through the same functions as the pages.

    python manage.py report trained --from 15/12/2025 --to 14/06/2026 --format xlsx --out r.xlsx
"""

from datetime import date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cadres.models import Agency, CadreCategory
from curriculum.choices import ContentKind
from curriculum.models import CoursePage
from training import report_files, reports
from training.periods import Period


def _day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError as error:
        raise CommandError(
            _("“%(value)s” is not a date written dd/mm/yyyy.") % {"value": text}
        ) from error


class Command(BaseCommand):
    help = "Write a report (trained, hours, certificates, groups) for a period to XLSX, CSV or PDF."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(reports.REPORTS))
        parser.add_argument("--from", dest="start", required=True, help="dd/mm/yyyy")
        parser.add_argument("--to", dest="end", required=True, help="dd/mm/yyyy")
        parser.add_argument("--agency", default="", help="agency code: only its subtree")
        parser.add_argument("--category", default="", help="cadre category code")
        parser.add_argument("--content-kind", default="", choices=["", *ContentKind.values])
        parser.add_argument("--course", default="", help="course code")
        parser.add_argument(
            "--as-then",
            action="store_true",
            help="agencies as they were then (default: rolled up into today's agencies)",
        )
        parser.add_argument("--format", dest="fmt", default="xlsx", choices=report_files.FORMATS)
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, **options):
        start, end = _day(options["start"]), _day(options["end"])
        if end < start:
            raise CommandError(_("The period ends before it starts."))
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(
                    _("No agency has the code %(code)s.") % {"code": options["agency"]}
                )
        category_id = None
        if options["category"]:
            category = CadreCategory.objects.filter(code=options["category"]).first()
            if category is None:
                raise CommandError(
                    _("No cadre category has the code %(code)s.") % {"code": options["category"]}
                )
            category_id = category.pk
        course_id = None
        if options["course"]:
            course = CoursePage.objects.filter(code=options["course"]).first()
            if course is None:
                raise CommandError(
                    _("No course has the code %(code)s.") % {"code": options["course"]}
                )
            course_id = course.pk
        report = reports.run(
            options["name"],
            reports.ReportFilter(
                period=Period(start, end),
                agency=agency,
                category_id=category_id,
                content_kind=options["content_kind"],
                course_id=course_id,
                as_then=options["as_then"],
            ),
        )
        data = report_files.report_file(report, options["fmt"])
        Path(options["out"]).write_bytes(data)
        rows = len(report.main)
        self.stdout.write(f"{options['out']}: {report.title}, {rows} row(s), {len(data)} bytes")
