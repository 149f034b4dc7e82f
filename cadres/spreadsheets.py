"""Spreadsheets in and out: the columns imports read and exports write, reading XLSX/CSV,
writing them safe to open in Excel (formula-like text escaped, UTF-8 with BOM, dd/mm/yyyy)."""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path
from typing import IO
from urllib.parse import quote

import pandas as pd
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cadres.text import fold

SUPPORTED_SUFFIXES = (".xlsx", ".csv")
UNSUPPORTED_FILE = _("The file must be an Excel workbook (.xlsx) or a CSV file (.csv).")
UNREADABLE_FILE = _("The file could not be read: %(error)s")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Column:
    """One column of an import file: the key code uses, the header people read and write."""

    key: str
    header: str  # as written in the template and in exports
    required: bool = False
    max_length: int = 200
    example: str = ""


# --- Reading ---


def header_key(header) -> str:
    """Headers match ignoring case, spaces and diacritics: "Mã ĐVHC" → "madvhc"."""
    return "".join(fold(str(header)).split())


def read_table(source: str | Path | IO[bytes], filename: str) -> pd.DataFrame:
    """The sheet as text cells (Excel dates stay dates); raise ValueError with a reason."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValueError(str(UNSUPPORTED_FILE))
    try:
        if suffix == ".csv":
            # utf-8-sig reads files with and without the byte-order mark Excel writes.
            return pd.read_csv(
                source,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                skipinitialspace=False,
            )
        return pd.read_excel(source, dtype=object, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # pandas raises many kinds; all mean "cannot read this file"
        raise ValueError(str(UNREADABLE_FILE) % {"error": exc}) from exc


# --- Writing ---


def escape_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return escape_formula(str(value))


def write_csv(out, headers: list[str], rows: Iterable[list]) -> None:
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])


def to_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to show Vietnamese letters."""
    buffer = StringIO()
    write_csv(buffer, headers, rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_workbook(
    headers: list[str],
    rows: Iterable[list],
    *,
    title: str,
    heading: str = "",
    widths: Iterable[int] = (),
) -> Workbook:
    """A streamed workbook: an optional heading line, bold headers, escaped text, real dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
    bold = Font(bold=True)
    for index, width in enumerate(widths):
        sheet.column_dimensions[_column_letter(index)].width = width
    if heading:
        cell = WriteOnlyCell(sheet, value=escape_formula(heading))
        cell.font = bold
        sheet.append([cell])
        sheet.append([])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=escape_formula(value) if value is not None else None)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            else:
                cell.data_type = "s" if isinstance(value, str) else cell.data_type
            cells.append(cell)
        sheet.append(cells)
    return workbook


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def to_xlsx(headers: list[str], rows: Iterable[list], *, title: str, **options) -> bytes:
    buffer = BytesIO()
    xlsx_workbook(headers, rows, title=title, **options).save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ReferenceSheet:
    """A sheet of the values a column accepts (the agencies' codes, the categories...)."""

    title: str
    headers: list[str]
    rows: list[list]


def template_workbook(
    columns: list[Column],
    *,
    examples: dict[str, str] | None = None,
    references: list[ReferenceSheet] = (),
) -> bytes:
    """An .xlsx with the headers (required ones in bold), one example row (`examples` override
    the columns' own, so the example uses codes that exist) and sheets of accepted values."""
    examples = examples or {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu"
    sheet.append([c.header for c in columns])
    sheet.append([examples.get(c.key, c.example) for c in columns])
    for cell, column in zip(sheet[1], columns, strict=True):
        cell.font = Font(bold=column.required)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 4)
    # Dates as text cells, so Excel keeps dd/mm/yyyy instead of guessing a locale.
    for cell in sheet[2]:
        cell.number_format = "@"
    for reference in references:
        extra = workbook.create_sheet(reference.title[:31])
        extra.append(reference.headers)
        for cell in extra[1]:
            cell.font = Font(bold=True)
        for row in reference.rows:
            extra.append([escape_formula(value) for value in row])
        for index, _header in enumerate(reference.headers):
            extra.column_dimensions[_column_letter(index)].width = 40 if index else 24
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def content_disposition(name: str, *, inline: bool = False) -> str:
    """An ASCII fallback name for old clients and the Vietnamese one as filename* (RFC 6266)."""
    fallback = fold(name).replace(" ", "-").encode("ascii", "ignore").decode() or "file"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
