"""Spreadsheets in and out: the columns imports read and exports write, reading XLSX/CSV,
writing them safe to open in Excel (formula-like text escaped, UTF-8 with BOM, dd/mm/yyyy).

pandas and openpyxl are imported by the functions that read or write a file: every process
imports this module (the registry's selectors do), and the two weigh some 80 MB that a page,
a worker or a report that opens no spreadsheet should not carry.
"""

import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadres.text import fold

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl import Workbook

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".xlsx", ".csv")
UNSUPPORTED_FILE = _("The file must be an Excel workbook (.xlsx) or a CSV file (.csv).")
UNREADABLE_FILE = _(
    "The file could not be read: open it in Excel and save it again as .xlsx or as CSV UTF-8."
)
NOT_A_WORKBOOK = _(
    "This file is not an Excel workbook (.xlsx): it may be damaged or only renamed. Open it in "
    "Excel and save it again as .xlsx."
)
NOT_UTF8 = _('The CSV file is not in UTF-8: save it again in Excel as "CSV UTF-8".')
TOO_BIG_UNPACKED = _(
    "The workbook is too large once unpacked (more than %(limit)d MB): split it into smaller files."
)
TOO_MANY_ROWS = _(
    "The sheet has %(rows)d rows; at most %(limit)d can be imported at once: split the file."
)
EXTRA_FIELDS = _("This row has more cells (%(found)d) than the header row (%(expected)d).")
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


def _limit(name: str) -> int:
    return getattr(settings, name, IMPORT_LIMITS[name])


# Defaults; settings of the same names override them (tests lower them).
IMPORT_LIMITS = {
    "IMPORT_MAX_UNPACKED_BYTES": 100 * 1024 * 1024,  # a sheet of 100,000 rows unpacks to ~60 MB
    "IMPORT_MAX_ROWS": 100_000,
}
_DIMENSION_RE = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def _rewind(source) -> None:
    if hasattr(source, "seek"):
        source.seek(0)


def _check_workbook_size(source) -> None:
    """Refuse a zip bomb or a huge sheet from the zip's directory, before anything unpacks it."""
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            limit = _limit("IMPORT_MAX_UNPACKED_BYTES")
            if unpacked > limit:
                raise ValueError(str(TOO_BIG_UNPACKED % {"limit": limit // (1024 * 1024)}))
            for entry in entries:
                if not entry.filename.startswith("xl/worksheets/sheet"):
                    continue
                with archive.open(entry) as sheet:
                    head = sheet.read(4096)  # the dimension comes first when it is written
                match = _DIMENSION_RE.search(head)
                rows = int(match.group(1)) - 1 if match and match.group(1) else 0
                if rows > _limit("IMPORT_MAX_ROWS"):
                    raise ValueError(
                        str(TOO_MANY_ROWS % {"rows": rows, "limit": _limit("IMPORT_MAX_ROWS")})
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise ValueError(str(NOT_A_WORKBOOK)) from exc
    finally:
        _rewind(source)


def _unique_headers(headers: list[str]) -> list[str]:
    """A repeated header "X" becomes "X.1", as pandas names it (imports report it)."""
    seen: dict[str, int] = {}
    unique = []
    for index, header in enumerate(headers):
        header = header or f"Unnamed: {index}"
        if header in seen:
            seen[header] += 1
            unique.append(f"{header}.{seen[header]}")
        else:
            seen[header] = 0
            unique.append(header)
    return unique


def _read_csv(source) -> "pd.DataFrame":
    """CSV through the csv module: a row with more cells than the header is a problem of its
    own (pandas would shift every column of it), a shorter one is padded."""
    import pandas as pd

    raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    try:
        text = raw.decode("utf-8-sig")  # with or without the byte-order mark Excel writes
    except UnicodeDecodeError as exc:
        raise ValueError(str(NOT_UTF8)) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader)
    except StopIteration:
        headers = []
    width = len(headers)
    rows, extra = [], []
    for number, row in enumerate(reader, start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            extra.append((number, len(row), width, ",".join(row)[:200]))
            continue
        rows.append((row + [""] * (width - len(row)))[:width])
        if len(rows) > _limit("IMPORT_MAX_ROWS"):
            raise ValueError(
                str(TOO_MANY_ROWS % {"rows": len(rows), "limit": _limit("IMPORT_MAX_ROWS")})
            )
    frame = pd.DataFrame(rows, columns=_unique_headers(headers), dtype=object)
    frame.attrs["extra_fields"] = extra
    return frame


def read_table(source: str | Path | IO[bytes], filename: str) -> "pd.DataFrame":
    """The sheet as text cells (Excel dates stay dates); raise ValueError with a reason.

    Rows of a CSV with more cells than its header are left out and listed in
    `frame.attrs["extra_fields"]` as (row, found, expected, text).
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValueError(str(UNSUPPORTED_FILE))
    if suffix == ".csv":
        try:
            return _read_csv(source)
        except ValueError:
            raise
        except Exception as exc:  # csv.Error and the like
            logger.info("Unreadable CSV %s: %s", filename, exc)
            raise ValueError(str(UNREADABLE_FILE)) from exc
    _check_workbook_size(source)
    import pandas as pd

    try:
        frame = pd.read_excel(source, dtype=object, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # pandas and openpyxl raise many kinds; all mean "cannot read it"
        logger.info("Unreadable workbook %s: %s", filename, exc)
        raise ValueError(str(UNREADABLE_FILE)) from exc
    if len(frame.index) > _limit("IMPORT_MAX_ROWS"):  # a sheet that did not state its size
        raise ValueError(
            str(TOO_MANY_ROWS % {"rows": len(frame.index), "limit": _limit("IMPORT_MAX_ROWS")})
        )
    return frame


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
) -> "Workbook":
    """A streamed workbook: an optional heading line, bold headers, escaped text, real dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

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
    from openpyxl import Workbook
    from openpyxl.styles import Font

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
