"""Journey: an officer drafts the year's training plan from the suggestions and submits it; a
coordinator returns it with a reason, then approves the corrected one; a class linked to an
item shows in plan against actual."""

import datetime

import pytest

from tests.e2e.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_plan_goes_from_suggestions_through_a_return_to_approval_and_a_class(
    live_server, page, snap, portal, coordinator, agency_a
):
    from training.models import TrainingPlan, TrainingPlanStatus

    base = live_server.url
    year = datetime.date.today().year
    log_in(page, base, portal["officer"].username)
    page.goto(f"{base}/office/training/plans/")
    page.get_by_role("link", name="Lập kế hoạch").click()
    page.get_by_label("Đơn vị").select_option(str(agency_a.pk))
    page.get_by_label("Năm").fill(str(year))
    page.get_by_role("button", name="Tạo dự thảo").click()
    # The suggestions: the dân vận course that the responsible officer lacks.
    row = page.get_by_role("row").filter(has_text="Bồi dưỡng dân vận khéo")
    snap(page, "suggestions")
    row.get_by_role("button", name="Thêm “Bồi dưỡng dân vận khéo”").click()
    assert "Đã thêm gợi ý vào kế hoạch." in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Quay lại kế hoạch").click()
    page.get_by_role("button", name="Trình phê duyệt").click()
    assert "Đã trình kế hoạch để phê duyệt." in page.locator(".messages").inner_text()
    plan = TrainingPlan.objects.get()
    assert plan.status == TrainingPlanStatus.SUBMITTED

    page.context.clear_cookies()
    log_in(page, base, coordinator.username)
    page.goto(f"{base}/office/training/plans/{plan.pk}/")
    page.get_by_label("Lý do trả lại").fill("Bổ sung bồi dưỡng kỹ năng số")
    page.get_by_role("button", name="Trả lại với lý do này").click()
    plan.refresh_from_db()
    assert plan.status == TrainingPlanStatus.RETURNED

    page.context.clear_cookies()
    log_in(page, base, portal["officer"].username)
    page.goto(f"{base}/office/training/plans/{plan.pk}/")
    assert "Bổ sung bồi dưỡng kỹ năng số" in page.content()
    page.get_by_role("link", name="Tự thêm một mục").click()
    page.get_by_label("Loại nội dung").select_option("digital")
    page.get_by_label("Số người dự kiến").fill("8")
    page.get_by_role("button", name="Thêm", exact=True).click()
    page.get_by_role("button", name="Trình phê duyệt").click()

    page.context.clear_cookies()
    log_in(page, base, coordinator.username)
    page.goto(f"{base}/office/training/plans/{plan.pk}/")
    page.get_by_role("button", name="Phê duyệt kế hoạch").click()
    plan.refresh_from_db()
    assert plan.status == TrainingPlanStatus.APPROVED
    # The class DVK-01 (where one cadre completed) carries out the dân vận item.
    row = page.get_by_role("row").filter(has_text="Dân vận khéo ở khu dân cư").first
    row.get_by_label("Lớp").select_option(label="DVK-01 · Dân vận khéo ở khu dân cư")
    row.get_by_role("button", name="Gắn lớp").click()
    row = page.get_by_role("row").filter(has_text="DVK-01")
    cells = row.get_by_role("cell").all_inner_texts()
    assert "1" in cells[5] and "1 (100%)" in cells[7]
    snap(page, "plan_against_actual")
