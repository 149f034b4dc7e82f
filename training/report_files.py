"""Reports as files: XLSX (a sheet per table, bold frozen headings, widths and number formats),
CSV (the main table, UTF-8 with a byte-order mark) and PDF. Text that a spreadsheet would run
as a formula is escaped in both spreadsheet formats."""

from io import BytesIO

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cadres.spreadsheets import escape_formula, to_csv
from training.pdf import render_pdf
from training.reports import LABELS, Report

FORMATS = ("xlsx", "csv", "pdf")
INTEGER_FORMAT = "#,##0"
NUMBER_FORMATS = {"share_trained": "0.0%", "average_hours": "0.0"}


def headings(frame: pd.DataFrame) -> list[str]:
    return [str(LABELS.get(column, column)) for column in frame.columns]


def cell_value(value):
    """A value as a file shows it: booleans in words, missing values empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return _("Yes") if value else ""
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _rows(frame: pd.DataFrame):
    for row in frame.itertuples(index=False, name=None):
        yield [cell_value(v) for v in row]


def period_text(report: Report) -> str:
    period = report.filter.period
    return _("From %(start)s to %(end)s") % {
        "start": f"{period.start:%d/%m/%Y}",
        "end": f"{period.end:%d/%m/%Y}",
    }


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for sheet_name, frame in report.frames.items():
        sheet = workbook.create_sheet(sheet_name[:31])
        sheet.append(headings(frame))
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        for row in _rows(frame):
            sheet.append([escape_formula(v) for v in row])
        for index, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(index)
            values = [str(LABELS.get(column, column))] + [
                str(v) for v in frame[column].head(500).tolist()
            ]
            sheet.column_dimensions[letter].width = min(max(len(v) for v in values) + 2, 60)
            kind = frame[column].dtype.kind
            number_format = NUMBER_FORMATS.get(column, INTEGER_FORMAT if kind in "iu" else None)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
    notes = workbook.create_sheet(_("Notes")[:31])
    for line in [report.title, period_text(report), *report.notes]:
        notes.append([escape_formula(line)])
    notes["A1"].font = bold
    notes.column_dimensions["A"].width = 100
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_csv(report: Report) -> bytes:
    return to_csv(headings(report.main), _rows(report.main))


def report_pdf(report: Report) -> bytes:
    def cells(row):
        return [
            {"value": v if v is not None else "", "number": isinstance(v, int | float)} for v in row
        ]

    tables = [
        {"name": name, "headings": headings(frame), "rows": [cells(r) for r in _rows(frame)]}
        for name, frame in report.frames.items()
    ]
    context = {
        "report": report,
        "period": period_text(report),
        "tables": tables,
        "made_on": timezone.localdate(),
    }
    return render_pdf("training/pdf/report.html", context)


WRITERS = {"xlsx": report_xlsx, "csv": report_csv, "pdf": report_pdf}


def report_file(report: Report, fmt: str) -> bytes:
    return WRITERS[fmt](report)
