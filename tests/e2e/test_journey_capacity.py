"""Journey: a personnel officer finds an untrained responsible officer on the coverage page and
nominates them to the open class in one click, then reads a cadre's capacity profile and the gaps
against the post of Chủ tịch UBND."""

import re

import pytest

from tests.e2e.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_officer_nominates_an_untrained_officer_and_reads_a_gap_list(
    live_server, page, snap, portal
):
    from training.models import Enrolment, EnrolmentStatus

    base = live_server.url
    log_in(page, base, portal["officer"].username)
    page.goto(f"{base}/office/coverage/")
    row = page.get_by_role("row").filter(has_text="Ủy ban nhân dân phường A")
    assert "chưa bồi dưỡng" in row.inner_text()
    assert "Bồi dưỡng dân vận khéo (còn thiếu)" in row.inner_text()
    snap(page, "coverage")
    # The next class of the missing course that takes nominations (either of the two).
    row.get_by_role("button", name=re.compile(r"^Cử đi lớp DVK-0\d")).click()
    assert "Đã cử Phạm Thị Cúc đi lớp DVK-0" in page.locator(".messages").inner_text()
    enrolment = Enrolment.objects.get(cadre__personnel_code="CB-A-003")
    assert enrolment.status == EnrolmentStatus.APPROVED
    # Now in a class of it: the page says so instead of offering to nominate again.
    row = page.get_by_role("row").filter(has_text="Ủy ban nhân dân phường A")
    assert f"đã có trong lớp {enrolment.offering.code}" in row.inner_text()
    assert row.get_by_role("button").count() == 0

    page.goto(base + portal["capacity"].split("?")[0])
    assert "Hồ sơ năng lực" in page.locator("h1").inner_text()
    page.get_by_label("Chức vụ").select_option(label="Chủ tịch UBND")
    page.get_by_role("button", name="Xem phần còn thiếu").click()
    assert "Cán bộ còn thiếu 1 yêu cầu bồi dưỡng của vị trí đó." in page.content()
    gaps = page.get_by_role("row").filter(has_text="Quản lý nhà nước cho Chủ tịch")
    assert "còn thiếu" in gaps.inner_text() and "0/40 tiết" in gaps.inner_text()
    snap(page, "capacity")
