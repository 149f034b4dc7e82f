"""Small builders for registry tests: spreadsheet files written the way users write them."""

import csv
import io
from pathlib import Path

from django.urls import reverse
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


def export_via_job(client, fmt: str = "csv", query: dict | None = None):
    """POST the list's export button, follow to the job page, download: (job page, file bytes).

    The Immediate task backend writes the file during the POST.
    """
    from urllib.parse import urlencode

    from cadres.models import ExportJob

    url = reverse(f"cadres:cadre_export_{fmt}")
    if query:
        url += "?" + urlencode(query)
    page = client.post(url, follow=True)
    assert page.status_code == 200, page.status_code
    job = ExportJob.objects.latest("pk")
    assert page.redirect_chain[-1][0] == reverse("cadres:export_job", args=[job.pk])
    download = client.get(reverse("cadres:job_download", args=[job.pk]))
    assert download.status_code == 200, download.status_code
    return page, download, b"".join(download.streaming_content)
