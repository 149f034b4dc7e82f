"""A cadre finds a class, enrols, reads the lessons, passes the quiz and sees the course done."""

import pytest

from curriculum.demo import para
from tests.conftest import PASSWORD
from tests.curriculum import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def online_class(province):
    import datetime

    from django.utils import timezone

    from training.models import Offering, OfferingMode

    catalog = factories.catalog()
    course = factories.course(catalog, title="Dân vận khéo ở khu dân cư", periods=8)
    factories.lesson(
        course, title="Gần dân, hiểu dân", body=[para("Đến từng nhà, nghe từng người.")]
    )
    factories.lesson(course, title="Ôn tập cuối khóa")
    today = timezone.localdate()
    return Offering.objects.create(
        course=course,
        code="LOP-E2E",
        mode=OfferingMode.ONLINE,
        organiser=province,
        start_date=today,
        end_date=today + datetime.timedelta(days=20),
        capacity=5,
        enrol_opens=today,
        enrol_closes=today + datetime.timedelta(days=3),
        approval_required=False,
    )


def test_cadre_enrols_learns_and_completes(live_server, page, online_class, cadre_in_a, make_user):
    from cadres.roles import Role

    user = make_user(cadre_in_a.personnel_code, role=Role.CADRE)
    cadre_in_a.user = user
    cadre_in_a.save(update_fields=["user"])

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tài khoản đăng nhập").fill(cadre_in_a.personnel_code)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Lớp học", exact=True).first.click()
    page.get_by_role("link", name="LOP-E2E").click()
    page.get_by_role("button", name="Đăng ký học").click()
    assert "Đã ghi nhận đăng ký của bạn: Đã duyệt" in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/learn/my-courses/")
    page.get_by_role("link", name="Bắt đầu học").click()
    assert page.get_by_role("heading", name="Gần dân, hiểu dân").is_visible()

    page.goto(f"{live_server.url}/learn/my-courses/")
    assert "Đã mở 1/2 bài học" in page.locator(".course-progress").inner_text()

    page.get_by_role("link", name="Học tiếp").click()
    page.get_by_role("link", name="Ôn tập cuối khóa").first.click()
    page.get_by_label("Lắng nghe người dân nói hết").check()
    page.get_by_label("Thông báo trước nội dung").check()
    page.get_by_label("Chuẩn bị bản vẽ, số liệu").check()
    page.get_by_role("button", name="Kiểm tra đáp án").click()
    outcome = page.locator(".quiz-outcome").inner_text()
    assert "Đúng 2/2 câu (100%)" in outcome
    assert "Đã hoàn thành khóa học: được tính 8 tiết." in outcome
