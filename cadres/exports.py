"""Cadre list exports to CSV (UTF-8 with BOM) and XLSX, safe to open in Excel."""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from io import BytesIO, StringIO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cadres.access import can_see_sensitive
from cadres.models import Cadre, Gender, PoliticalTheoryLevel

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SENSITIVE_HEADERS = ("Dân tộc", "Tôn giáo", "Đảng viên", "Ngày vào Đảng")
_LEVEL_NAMES = {
    PoliticalTheoryLevel.ELEMENTARY: "Sơ cấp",
    PoliticalTheoryLevel.INTERMEDIATE: "Trung cấp",
    PoliticalTheoryLevel.ADVANCED: "Cao cấp",
    PoliticalTheoryLevel.BACHELOR: "Cử nhân",
}
_GENDER_NAMES = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


def escape_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_headers(*, user) -> list[str]:
    """The import's column names (so an export can be edited and imported back), plus a few."""
    headers = ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính"]
    if can_see_sensitive(user):
        headers += ["Dân tộc", "Tôn giáo", "Đảng viên", "Ngày vào Đảng"]
    headers += [
        "Trình độ LLCT",
        "Trình độ chuyên môn",
        "Mã đơn vị",
        "Tên đơn vị",
        "Chức vụ",
        "Ngày bắt đầu",
        "Email",
        "Đối tượng",
        "Tài khoản",
    ]
    return headers


def export_rows(*, user, cadres: QuerySet[Cadre]) -> Iterator[list]:
    """One list of cells per cadre, in the order of export_headers (dates as date objects)."""
    sensitive = can_see_sensitive(user)
    for cadre in cadres.iterator(chunk_size=2000):
        posting = cadre.open_postings[0] if cadre.open_postings else None
        row = [
            cadre.personnel_code,
            cadre.full_name,
            cadre.date_of_birth,
            _GENDER_NAMES.get(cadre.gender, ""),
        ]
        if sensitive:
            row += [
                cadre.ethnicity,
                cadre.religion,
                "Có" if cadre.is_party_member else "Không",
                cadre.party_joined_on,
            ]
        row += [
            _LEVEL_NAMES.get(cadre.theory_level, ""),
            cadre.education,
            cadre.agency.code,
            cadre.agency.name,
            posting.position if posting else "",
            posting.start_date if posting else None,
            cadre.email,
            cadre.category.name if cadre.category else "",
            "Có" if cadre.user_id else "Không",
        ]
        yield row


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return escape_formula(str(value))


def to_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to show Vietnamese letters."""
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers: list[str], rows: Iterable[list], *, title: str = "Cán bộ") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)
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
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


COVERAGE_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Cấp",
    "Nhiệm vụ phụ trách",
    "Tình trạng",
    "Mã cán bộ",
    "Người phụ trách",
    "Từ ngày",
    "Số quyết định",
    "Ghi chú",
]


def coverage_table(coverage) -> tuple[list[str], list[list]]:
    """One row per required responsibility of every agency of a coverage selector result."""
    rows = []
    for row in coverage.rows:
        for slot in row.slots:
            assignment = slot.assignment
            rows.append(
                [
                    row.agency.code,
                    row.agency.name,
                    row.agency.kind.name,
                    row.indent + 1,
                    slot.kind.name,
                    "Đã phân công" if assignment else "Còn trống",
                    assignment.cadre.personnel_code if assignment else "",
                    assignment.cadre.full_name if assignment else "",
                    assignment.start_date if assignment else None,
                    assignment.decision_number if assignment else "",
                    "; ".join(str(text) for text, _css in slot.labels),
                ]
            )
    return COVERAGE_HEADERS, rows
