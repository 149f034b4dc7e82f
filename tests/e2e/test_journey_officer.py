"""Journey 2: a personnel officer of one agency imports a cadre file (first with a mistake),
assigns a responsible officer to a vacant post, approves the waiting requests at once and
nominates cadres to a class one of whom got in meanwhile."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.curriculum import factories
from tests.e2e.helpers import download, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_ROWS = [
    # code, name, birth, gender, agency, position
    ("CB-A-101", "Trần Thị Diệu", "12/05/1990", "Nữ", "UBND-A", "Chuyên viên"),
    ("CB-A-102", "Võ Văn Em", "31/02/1988", "Nam", "UBND-A", "Chuyên viên"),  # no 31 February
    ("CB-A-002", "Lê Văn Bình", "20/10/1982", "Nam", "UBND-A", "Phó Chủ tịch"),  # promoted
]


@pytest.fixture
def registry(agency_a, agency_a_unit, make_cadre, cadre_in_a):
    return {
        "binh": make_cadre("CB-A-002", "Lê Văn Bình", agency_a_unit, position="Chuyên viên"),
        "cuc": make_cadre("CB-A-003", "Phạm Thị Cúc", agency_a_unit),
        "anh": cadre_in_a,
    }


@pytest.fixture
def class_with_requests(province, registry):
    """A class that needs approval, and two cadres of agency A who asked for a place."""
    from training import services
    from training.models import Offering, OfferingMode

    course = factories.course(factories.catalog(), title="Kỹ năng vận động quần chúng")
    factories.lesson(course)
    today = timezone.localdate()
    offering = Offering.objects.create(
        course=course,
        code="VDQC-2026-02",
        mode=OfferingMode.ONLINE,
        organiser=province,
        start_date=today + datetime.timedelta(days=7),
        end_date=today + datetime.timedelta(days=30),
        capacity=20,
        enrol_opens=today - datetime.timedelta(days=2),
        enrol_closes=today + datetime.timedelta(days=5),
        approval_required=True,
    )
    for cadre in (registry["anh"], registry["binh"]):
        services.enrolment_request(cadre=cadre, offering=offering)
    return offering


def _fill(template: bytes, rows) -> bytes:
    """The template as an officer fills it: their rows under the headers, the example gone."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    headers = [str(cell.value or "").rstrip(" *") for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for code, name, birth, gender, agency, position in rows:
        values = {
            "Mã cán bộ": code,
            "Họ và tên": name,
            "Ngày sinh": birth,
            "Giới tính": gender,
            "Mã đơn vị": agency,
            "Chức vụ": position,
        }
        sheet.append([values.get(header, "") for header in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _office_menu(page, name: str):
    menu = page.get_by_role("navigation", name="Danh mục nghiệp vụ")
    menu.get_by_role("link", name=name, exact=True).click()


def _upload(page, name: str, content: bytes):
    page.get_by_label(re.compile("^Tệp")).set_input_files(
        {
            "name": name,
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content,
        }
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_url(re.compile(r"/office/import/job/\d+/$"))


def test_an_officer_imports_assigns_approves_and_nominates(
    live_server, page, snap, officer_a, registry, class_with_requests
):
    from cadres.models import Cadre, OfficerAssignment
    from training import services
    from training.models import Enrolment, EnrolmentStatus

    base = live_server.url
    log_in(page, base, officer_a.username)
    page.goto(f"{base}/office/")
    snap(page, "office-home")

    # 1. Import: the template, filled with one impossible date.
    _office_menu(page, "Nhập cán bộ")
    name, template = download(page, page.get_by_role("link", name="Tải tệp mẫu (.xlsx)"))
    assert name.endswith(".xlsx")
    _upload(page, "can-bo-phuong-a.xlsx", _fill(template, NEW_ROWS))
    problems = page.get_by_role("table", name="Lỗi trong tệp")
    assert page.get_by_role("alert").inner_text().startswith("Có 1 lỗi")
    [row] = problems.locator("tbody tr").all()
    cells = row.locator("td").all_inner_texts()
    assert cells[:3] == ["3", "Ngày sinh", "31/02/1988"]
    snap(page, "import-problem")
    assert not Cadre.objects.filter(personnel_code="CB-A-101").exists()

    # Fixed, and checked again: the preview names every row that changes.
    page.get_by_role("link", name="Tải lên tệp khác").click()
    fixed = [NEW_ROWS[0], (*NEW_ROWS[1][:2], "28/02/1988", *NEW_ROWS[1][3:]), NEW_ROWS[2]]
    _upload(page, "can-bo-phuong-a-da-sua.xlsx", _fill(template, fixed))
    assert "Mọi dòng đều hợp lệ" in page.locator("main").inner_text()
    changes = page.locator(".import-changes")
    changed = {
        tuple(row.locator("td").all_inner_texts()[:4]) for row in changes.locator("tbody tr").all()
    }
    assert changed == {
        ("2", "thêm mới", "CB-A-101", "Trần Thị Diệu"),
        ("3", "thêm mới", "CB-A-102", "Võ Văn Em"),
        ("4", "cập nhật", "CB-A-002", "Lê Văn Bình"),
    }
    snap(page, "import-preview")
    page.get_by_role("button", name="Xác nhận nhập").click()
    assert "Đã nhập: tạo mới 2, cập nhật 1" in page.get_by_role("status").first.inner_text()
    assert Cadre.objects.get(personnel_code="CB-A-102").date_of_birth == datetime.date(1988, 2, 28)
    snap(page, "import-done")

    # 2. A responsible officer for the ward's people's committee, whose post is vacant.
    _office_menu(page, "Đơn vị")
    page.get_by_role("link", name="Ủy ban nhân dân phường A").click()
    officers = page.get_by_role("region", name="Cán bộ phụ trách")
    assert "Chưa phân công cán bộ phụ trách." in officers.inner_text()
    officers.get_by_role("link", name="Phân công cán bộ phụ trách").click()
    page.get_by_label("Nhiệm vụ phụ trách").select_option(label="Phụ trách công tác dân vận")
    page.get_by_label("Mã cán bộ được phân công phụ trách").fill("CB-A-101")
    page.get_by_label("Ngày bắt đầu").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Số quyết định").fill("15-QĐ/ĐU")
    snap(page, "assign")
    page.get_by_role("button", name="Phân công").click()
    assert "Đã phân công cán bộ phụ trách." in page.locator(".messages").inner_text()
    assert "Trần Thị Diệu" in officers.inner_text()
    assert OfficerAssignment.objects.get(agency__code="UBND-A").cadre.personnel_code == "CB-A-101"
    # The coverage of the agency's line: this post filled, the party committee's still vacant.
    page.locator(".page-head").get_by_role("link", name="Cán bộ phụ trách", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Ủy ban nhân dân phường A")
    assert "đã phân công" in row.inner_text() and "Trần Thị Diệu" in row.inner_text()
    snap(page, "coverage")

    # 3. The requests waiting on the home page, approved all at once (no rejection reason).
    _office_menu(page, "Tổng quan")
    page.get_by_role("region", name="Việc cần xử lý").get_by_role(
        "link", name=re.compile("chờ duyệt")
    ).click()
    page.get_by_label("Chọn tất cả đề nghị trên trang này").check()
    assert all(box.is_checked() for box in page.locator('input[name="enrolment"]').all())
    snap(page, "approvals")
    page.get_by_role("button", name="Duyệt các mục đã chọn").click()
    assert "Đã duyệt 2 đăng ký học." in page.locator(".messages").inner_text()
    assert set(Enrolment.objects.values_list("status", flat=True)) == {EnrolmentStatus.APPROVED}

    # 4. Nominating: those already in are marked; one more gets in while the officer chooses.
    page.goto(f"{base}/office/training/classes/")
    page.get_by_role("link", name="VDQC-2026-02").click()
    page.get_by_role("link", name="Cử cán bộ đi học").click()
    for code in ("CB-A-001", "CB-A-002"):
        row = page.get_by_role("row").filter(has_text=code)
        assert row.get_by_role("checkbox").is_disabled()
        assert "Đã duyệt" in row.inner_text()
    page.get_by_label("Chọn tất cả cán bộ trong danh sách chưa có trong lớp").check()
    chosen = page.locator('input[name="cadre"]:checked')
    assert chosen.count() == 3  # Cúc, Diệu and Em
    snap(page, "nominate")
    services.enrolment_request(cadre=registry["cuc"], offering=class_with_requests)
    page.get_by_role("button", name="Cử các cán bộ đã chọn").click()
    messages = page.locator(".messages").inner_text()
    assert "Đã cử 2 cán bộ đi học." in messages
    assert "Đã có trong lớp, giữ nguyên: Phạm Thị Cúc." in messages
    snap(page, "nominated")
    assert class_with_requests.enrolments.count() == 5
