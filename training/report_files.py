"""Reports as files: XLSX (a sheet per table, bold frozen headings, widths and number formats),
CSV (the main table, UTF-8 with a byte-order mark) and PDF. Text that a spreadsheet would run
as a formula is escaped in both spreadsheet formats."""

import base64
from io import BytesIO

import pandas as pd
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cadres.spreadsheets import escape_formula, to_csv
from training.pdf import render_pdf
from training.reports import LABELS, Report

FORMATS = ("xlsx", "csv", "pdf")
PDF_ROWS = 300  # rows per table in a PDF for a meeting; the spreadsheet holds every row
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
    from openpyxl import Workbook  # here: the pages and the command import this module
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

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


def _as_percent(frame: pd.DataFrame) -> pd.DataFrame:
    """Shares written as percents ("66,7%"), as a printed table shows them."""
    if "share_trained" not in frame:
        return frame
    frame = frame.copy()
    frame["share_trained"] = [
        f"{formats.number_format(v * 100, 1)}%" for v in frame["share_trained"]
    ]
    return frame


def report_pdf(report: Report, *, body=None, charts=(), commune_map=None) -> bytes:
    """A4 for meetings: the heading of the requester's body (Party or State format), the
    charts as bars the PDF draws itself, the map as a picture, then every table."""

    def cells(row):
        return [
            {"value": v if v is not None else "", "number": isinstance(v, int | float)} for v in row
        ]

    tables = [
        {
            "name": name,
            "headings": headings(frame),
            "rows": [cells(r) for r in _rows(_as_percent(frame.head(PDF_ROWS)))],
            "more": max(len(frame) - PDF_ROWS, 0),
        }
        for name, frame in report.frames.items()
    ]
    drawn = [
        {
            "title": chart.title,
            "bars": [{**vars(bar), "image": bar_data_uri(bar)} for bar in chart.bars],
        }
        for chart in charts
    ]
    context = {
        "report": report,
        "period": period_text(report),
        "tables": tables,
        "made_on": timezone.localdate(),
        "body": body,
        "charts": drawn,
        "map_image": map_data_uri(commune_map) if commune_map and commune_map.points else "",
        "commune_map": commune_map,
    }
    return render_pdf("training/pdf/report.html", context)


MAP_FILLS = {
    "band-1": "#2e7d32",
    "band-2": "#f9a825",
    "band-3": "#ef6c00",
    "band-4": "#b71c1c",
    "band-none": "#ffffff",
}


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def bar_data_uri(bar) -> str:
    """One bar as a small SVG picture (a PDF table cannot size a coloured cell reliably)."""
    width = round(300 * bar.percent / 80, 1)  # the longest bar is 80% of a page chart's width
    return _svg_uri(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="9" viewBox="0 0 300 9">'
        f'<rect width="{max(width, 1)}" height="9" fill="#b3261e"/></svg>'
    )


def map_data_uri(commune_map) -> str:
    """The map's points as a self-contained SVG (fills written out: a PDF has no stylesheet)."""
    circles = "".join(
        f'<circle cx="{p.x}" cy="{p.y}" r="6" fill="{MAP_FILLS[p.css]}" stroke="#333333" '
        'stroke-width="1"/>'
        for p in commune_map.points
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{commune_map.width}" '
        f'height="{commune_map.height}" viewBox="0 0 {commune_map.width} {commune_map.height}">'
        f'<rect width="{commune_map.width}" height="{commune_map.height}" fill="#f3f6f8"/>'
        f"{circles}</svg>"
    )
    return _svg_uri(svg)


WRITERS = {"xlsx": report_xlsx, "csv": report_csv, "pdf": report_pdf}


def report_file(report: Report, fmt: str, **pdf_options) -> bytes:
    if fmt == "pdf":
        return report_pdf(report, **pdf_options)
    return WRITERS[fmt](report)
