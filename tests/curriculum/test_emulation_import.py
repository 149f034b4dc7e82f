"""A year's list of "Dân vận khéo" registrations from XLSX on the job base: checked, then all
written on confirm, or nothing when one row is wrong (with its row, column, value, reason)."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.models import ImportJob, JobStatus
from curriculum.emulation import imports
from curriculum.emulation.models import Registration

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year
HEADERS = [c.header for c in imports.COLUMNS]


def _workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row(title, agency_code, *, kind="Mô hình", field="Kinh tế", people="", start=None):
    return [
        str(YEAR),
        kind,
        field,
        title,
        agency_code,
        "",
        people,
        "Mục tiêu của mô hình.",
        "Cách làm của mô hình.",
        start or f"10/01/{YEAR}",
    ]


def _run(officer, content, *, dry_run):
    return imports.import_registrations(
        source=io.BytesIO(content), filename="dvk.xlsx", actor=officer, dry_run=dry_run
    )


def test_a_good_list_is_checked_then_written(
    officer_a, agency_a_unit, agency_a, cadre_in_a, bodies
):
    content = _workbook(
        [
            _row("Cánh đồng lớn", agency_a_unit.code, people=cadre_in_a.personnel_code),
            _row("Ấp không hộ nghèo", agency_a.code, field="Xây dựng nông thôn mới"),
        ]
    )
    checked = _run(officer_a, content, dry_run=True)
    assert checked.ok and checked.created == 2
    assert not Registration.objects.exists()
    written = _run(officer_a, content, dry_run=False)
    assert written.ok and written.created == 2
    by_title = {r.title: r for r in Registration.objects.all()}
    assert by_title["Cánh đồng lớn"].assessing_body == bodies["a"]
    assert by_title["Ấp không hộ nghèo"].assessing_body == bodies["province"]
    assert by_title["Ấp không hộ nghèo"].field == "new_rural"
    assert list(by_title["Cánh đồng lớn"].participants.all()) == [cadre_in_a]


def test_one_bad_row_writes_nothing_and_says_where(
    officer_a, agency_a_unit, agency_b_unit, cadre_in_b, bodies
):
    content = _workbook(
        [
            _row("Cánh đồng lớn", agency_a_unit.code),
            _row("Mô hình xã bạn", agency_b_unit.code),
            _row("Lĩnh vực lạ", agency_a_unit.code, field="Thể thao"),
            _row("Người ngoài", agency_a_unit.code, people=cadre_in_b.personnel_code),
            _row("Ngày sai", agency_a_unit.code, start="31/02/2026"),
        ]
    )
    result = _run(officer_a, content, dry_run=False)
    assert not Registration.objects.exists()
    found = {(p.row, p.column, p.value) for p in result.problems}
    assert (3, "Mã cơ quan chủ trì", agency_b_unit.code) in found
    assert (4, "Lĩnh vực", "Thể thao") in found
    assert (5, "Mã cán bộ tham gia", cadre_in_b.personnel_code) in found
    assert (6, "Ngày bắt đầu", "31/02/2026") in found
    assert all(p.reason for p in result.problems)


def test_the_services_rules_refuse_a_row_too(officer_a, agency_a_unit, bodies):
    content = _workbook(
        [
            _row("Mô hình đúng", agency_a_unit.code),
            _row("Bắt đầu sau năm", agency_a_unit.code, start=f"01/01/{YEAR + 1}"),
        ]
    )
    result = _run(officer_a, content, dry_run=False)
    assert [p.row for p in result.problems] == [3]
    assert not Registration.objects.exists()


def test_the_import_pages_check_then_write_on_confirm(client, officer_a, agency_a_unit, bodies):
    client.force_login(officer_a)
    assert client.get(reverse("curriculum:emulation_import")).status_code == 200
    template = client.get(reverse("curriculum:emulation_import_template"))
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).active[1]]
    assert [h.rstrip("*").strip() for h in headers if h] == HEADERS
    upload = SimpleUploadedFile("dvk.xlsx", _workbook([_row("Cánh đồng lớn", agency_a_unit.code)]))
    response = client.post(reverse("curriculum:emulation_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == reverse("curriculum:emulation_import_job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Cánh đồng lớn" in page and not Registration.objects.exists()
    client.post(response.url, {"confirm": "1"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Registration.objects.get().title == "Cánh đồng lớn"


def test_another_officer_cannot_follow_the_job(client, officer_a, officer_b, agency_a_unit, bodies):
    client.force_login(officer_a)
    upload = SimpleUploadedFile("dvk.xlsx", _workbook([_row("Cánh đồng lớn", agency_a_unit.code)]))
    url = client.post(reverse("curriculum:emulation_import"), {"file": upload}).url
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "1"}).status_code == 404
