"""A class held in person checks in by QR code: the organiser shows this minute's code on the
screen; a cadre's phone, not logged in, opens the address the code holds, logs in and is marked
present; the organiser's attendance page then shows it."""

import datetime
import io

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from cadres.roles import Role
from tests.conftest import PASSWORD
from tests.curriculum import factories
from tests.e2e import data
from tests.e2e.helpers import NARROW, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def class_in_session(province, make_user, cadre_in_a):
    """A class of the political school with a session running now, a teacher named to run it
    and a cadre enrolled."""
    from cadres.access import SYSTEM
    from training import classroom, services
    from training.models import Offering, OfferingMode, Session

    course = factories.course(factories.catalog(), title="Kỹ năng dân vận ở cơ sở", periods=8)
    today = timezone.localdate()
    offering = Offering.objects.create(
        course=course,
        code="TCT-2026-05",
        mode=OfferingMode.IN_PERSON,
        organiser=province,
        start_date=today,
        end_date=today + datetime.timedelta(days=1),
        capacity=30,
        enrol_opens=today - datetime.timedelta(days=10),
        enrol_closes=today,
        approval_required=False,
        venue="Hội trường B, Trường Chính trị tỉnh",
    )
    # Around the present moment, inside today (the test may run just after midnight).
    now = timezone.localtime()
    starts = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0))
    ends = min(now + datetime.timedelta(hours=1), now.replace(hour=23, minute=59))
    session = classroom.session_save(
        actor=SYSTEM,
        session=Session(
            offering=offering,
            date=today,
            starts_at=starts.time().replace(second=0, microsecond=0),
            ends_at=ends.time().replace(second=0, microsecond=0),
            periods=4,
            place="Hội trường B",
        ),
    )
    teacher = make_user("giangvien", role=Role.CLASS_STAFF, first_name="Tâm", last_name="Nguyễn")
    classroom.organisers_set(actor=SYSTEM, offering=offering, users=[teacher])
    learner = data.account_for(make_user, cadre_in_a)
    services.enrolment_request(cadre=cadre_in_a, offering=offering)
    return {"offering": offering, "session": session, "teacher": teacher, "learner": learner}


def test_a_cadre_checks_in_by_scanning_the_organisers_screen(
    live_server, page, new_context, snap, class_in_session, settings
):
    from training.models import Attendance

    settings.SITE_URL = live_server.url  # the address the QR code carries
    base = live_server.url
    learner = class_in_session["learner"]

    # The organiser's screen, from the menu: their class, the session's check-in code.
    log_in(page, base, class_in_session["teacher"].username)
    page.get_by_role("link", name="Lớp tôi phụ trách").click()
    page.get_by_role("link", name="TCT-2026-05").click()
    page.get_by_role("link", name="Mã điểm danh").click()
    qr = page.get_by_role("img", name="Mã QR để điểm danh")
    snap(page, "check-in-screen")
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
    assert len(decoded) == 1 and decoded[0].startswith(f"{base}/learn/check-in/")

    # A phone, not logged in: the code's address asks for the login, then checks in.
    phone = new_context().new_page()
    phone.set_viewport_size(NARROW)
    phone.goto(decoded[0])
    assert "/accounts/login/" in phone.url
    # The login page the code led to (not a fresh one): it carries on to the check-in.
    phone.get_by_label("Tài khoản đăng nhập").fill(learner.username)
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert "Bạn đã được điểm danh có mặt" in phone.locator("main").inner_text()
    snap(phone, "checked-in")
    mark = Attendance.objects.get()
    assert (mark.status, mark.source, mark.enrolment.cadre.user) == ("present", "check_in", learner)

    # The organiser sees it: on the screen's list and ticked on the session's attendance page.
    page.reload()
    assert learner.cadre.full_name in page.locator("main").inner_text()
    page.get_by_role("link", name="TCT-2026-05").click()
    page.get_by_role("link", name="Điểm danh", exact=True).click()
    present = page.get_by_role("radio", name="Có mặt")
    assert present.is_checked()
    assert "tự điểm danh" in page.locator("main").inner_text().lower()
    snap(page, "attendance")
