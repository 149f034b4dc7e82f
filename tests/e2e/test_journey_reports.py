"""Journey: a leader opens the dashboard and the reports, filters the hours report by a period,
opens a commune from the map, downloads the PDF for a meeting, then asks for the province's
Excel file, which is built as a background job; axe checks every report page."""

import io

import pytest
from pypdf import PdfReader

from cadres.roles import Role
from tests.e2e.helpers import axe_violations, download, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_leader_reads_hours_by_commune_on_the_map_and_takes_the_pdf(
    live_server, page, snap, portal, make_user, province, agency_a, agency_a_unit, settings
):
    settings.REPORT_FILE_INLINE_AGENCIES = 2  # the province's file is built as a job
    # Agency A is phường Rạch Giá (its administrative code places it on the map).
    type(agency_a).objects.filter(pk=agency_a.pk).update(admin_code="30742")
    leader = make_user("lanhdao_e2e", role=Role.LEADER, agency=province)
    base = live_server.url
    log_in(page, base, leader.username)
    page.goto(f"{base}/office/")
    assert page.get_by_role("heading", name="Năm báo cáo").count() == 1
    assert page.get_by_text("cán bộ chưa đạt số giờ chỉ tiêu").count() == 1
    assert axe_violations(page) == []
    snap(page, "dashboard")
    page.get_by_role("link", name="Báo cáo").first.click()
    page.get_by_role("link", name="Số tiết bồi dưỡng so với chỉ tiêu").click()
    page.get_by_label("Kỳ báo cáo").select_option(label="Năm dương lịch")
    page.get_by_role("button", name="Xem").click()
    assert "Xã, phường theo tỷ lệ cán bộ chưa đạt chỉ tiêu" in page.content()
    assert axe_violations(page) == []
    snap(page, "hours-province")

    # The commune's point on the map opens its figures: only its agencies are listed.
    point = page.locator(".map-svg a").first
    assert "phường Rạch Giá" in point.get_attribute("aria-label")
    point.click()
    page.wait_for_url(lambda url: "agency=" in url)
    rows = page.locator(".report-table").first.locator("tbody tr")
    assert rows.count() >= 1
    assert all("phường A" in rows.nth(i).inner_text() for i in range(rows.count()))
    snap(page, "hours-commune")

    name, pdf = download(page, page.get_by_role("link", name="PDF"))
    assert name.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "SỐ TIẾT BỒI DƯỠNG SO VỚI CHỈ TIÊU" in text
    assert "Ủy ban nhân dân phường A" in text

    # The province's Excel file: too many agencies to build in the request, so a job's page
    # shows its progress and then offers the file (the tests' task backend runs it at once).
    page.goto(f"{base}/office/reports/hours/?period=year&year=2026&cut=today")
    page.get_by_role("link", name="Excel").click()
    page.wait_for_url(lambda url: "/office/reports/files/" in url)
    assert page.get_by_role("heading", name="Tệp báo cáo đã sẵn sàng").count() == 1
    snap(page, "report-file-job")
    name, xlsx = download(page, page.get_by_role("link", name="Tải tệp về"))
    assert name.endswith(".xlsx") and xlsx.startswith(b"PK")

    # Every report page, as the leader sees it: no serious or critical accessibility problem.
    for report in ("trained", "hours", "coverage", "plan", "certificates", "groups", "dvk"):
        page.goto(f"{base}/office/reports/{report}/")
        assert page.locator("h1").count() == 1
        assert axe_violations(page) == [], report
