"""Small builders for registry tests: spreadsheet files written the way users write them."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook


def write_xlsx(path: Path, headers: list[str], rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, headers: list[str], rows: list[list], *, bom: bool = True) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))
    return path


CADRE_HEADERS = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Đảng viên",
    "Ngày vào Đảng",
    "Trình độ LLCT",
    "Trình độ chuyên môn",
    "Mã đơn vị",
    "Chức vụ",
    "Ngày bắt đầu",
    "Email",
    "Đối tượng",
]


def cadre_row(code, name, agency_code, **overrides) -> list:
    values = {
        "Mã cán bộ": code,
        "Họ và tên": name,
        "Ngày sinh": "15/03/1985",
        "Giới tính": "Nữ",
        "Dân tộc": "Kinh",
        "Đảng viên": "Có",
        "Ngày vào Đảng": "03/02/2010",
        "Trình độ LLCT": "Trung cấp",
        "Trình độ chuyên môn": "Cử nhân Luật",
        "Mã đơn vị": agency_code,
        "Chức vụ": "Chuyên viên",
        "Ngày bắt đầu": "01/07/2025",
        "Email": "",
        "Đối tượng": "Công chức",
    }
    values.update(overrides)
    return [values[h] for h in CADRE_HEADERS]
