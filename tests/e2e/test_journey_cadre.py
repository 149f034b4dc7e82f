"""Journey 1: a cadre finds a course without typing the marks, joins a class from the course
page, reads every lesson, fails then passes the quiz, downloads the certificate and checks it
through its QR code."""

import re

import pytest

from curriculum.demo import para
from tests.curriculum import factories
from tests.e2e import data
from tests.e2e.helpers import fetch, log_in, qr_codes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COURSE = "Dân vận khéo trong xây dựng nông thôn mới"
LESSONS = ["Gần dân, hiểu dân", "Vận động đồng bào hiến đất làm đường", "Ôn tập cuối khóa"]


@pytest.fixture
def online_class(province):
    data.issuing_body(province)
    catalog = factories.catalog()
    factories.course(catalog, title="Kỹ năng tiếp công dân")  # another course, not found
    course = factories.course(catalog, title=COURSE, periods=8, allowed_attempts=3)
    factories.lesson(course, title=LESSONS[0], body=[para("Đến từng nhà, nghe từng người.")])
    factories.lesson(course, title=LESSONS[1], body=[para("Dân biết, dân bàn, dân làm.")])
    factories.lesson(course, title=LESSONS[2])  # text and the sample quiz
    return data.online_class(course, province, "DVK-2026-01")


@pytest.fixture
def learner(make_user, cadre_in_a):
    data.account_for(make_user, cadre_in_a)
    return cadre_in_a


def _answer(page, *labels):
    for label in labels:
        page.get_by_label(label).check()
    page.get_by_role("button", name="Kiểm tra đáp án").click()
    page.wait_for_url(re.compile(r"/learn/quiz-attempts/\d+/$"))


def test_a_cadre_learns_a_course_and_checks_the_certificate(
    live_server, page, snap, settings, online_class, learner
):
    from training.models import Certificate, QuizAttempt

    # The QR code points at where the site is served, here the live server.
    settings.SITE_URL = live_server.url
    base = live_server.url
    log_in(page, base, learner.personnel_code)

    # Searching without the marks finds the course.
    page.get_by_role("searchbox").first.fill("dan van kheo")
    page.get_by_role("button", name="Tìm kiếm").first.click()
    snap(page, "search")
    results = page.locator(".results-list")
    assert results.get_by_role("link", name=COURSE).is_visible()
    assert "Kỹ năng tiếp công dân" not in results.inner_text()
    results.get_by_role("link", name=COURSE).click()

    # The course page lists its class; joining takes one click (no approval needed).
    assert page.get_by_role("heading", level=1).inner_text() == COURSE
    classes = page.get_by_role("region", name="Các lớp của khóa học này")
    assert "DVK-2026-01" in classes.inner_text()
    snap(page, "course")
    classes.get_by_role("button", name="Đăng ký học").click()

    # The class page confirms the place and leads to the lessons.
    assert "Đã ghi nhận đăng ký của bạn: Đã duyệt" in page.locator(".messages").inner_text()
    assert "DVK-2026-01" in page.locator("main").inner_text()
    snap(page, "enrolled")
    page.get_by_role("link", name="Bắt đầu học").click()

    # Every lesson, one after the other, through the lesson pager.
    for number, title in enumerate(LESSONS, start=1):
        assert page.get_by_role("heading", level=1).inner_text() == title
        if number == 1:
            snap(page, "lesson")
        if number < len(LESSONS):
            page.get_by_role("navigation", name="Bài học").get_by_role(
                "link", name=LESSONS[number]
            ).click()

    # A wrong answer: not passed, attempts left, a way back to the quiz.
    _answer(page, "Giải thích quy định ngay", "Thông báo trước nội dung")
    outcome = page.locator(".quiz-outcome")
    assert "Đúng 0/2 câu (0%)" in outcome.inner_text()
    assert "Chưa đạt" in outcome.inner_text()
    assert "Còn 2 lần làm" in outcome.inner_text()
    snap(page, "quiz-failed")
    page.get_by_role("link", name="Làm lại").click()

    # The right answers: passed, the course completed, its certificate offered.
    _answer(
        page, "Lắng nghe người dân nói hết", "Thông báo trước nội dung", "Chuẩn bị bản vẽ, số liệu"
    )
    outcome = page.locator(".quiz-outcome")
    assert "Đúng 2/2 câu (100%)" in outcome.inner_text()
    assert "Đã hoàn thành khóa học: được tính 8 tiết." in outcome.inner_text()
    assert "Lần làm bài 2" in outcome.inner_text()
    snap(page, "quiz-passed")

    # The result is a page of its own: reloading it shows it again and spends nothing.
    result_url = page.url
    page.reload()
    assert page.url == result_url
    assert "Lần làm bài 2" in page.locator(".quiz-outcome").inner_text()
    assert QuizAttempt.objects.filter(enrolment__cadre=learner).count() == 2

    # The lesson now shows the quiz as passed, not an empty quiz.
    page.get_by_role("link", name=f"← {LESSONS[2]}").click()
    assert (
        "Đã đạt: 2/2 câu đúng (100%) ở lần làm bài 2." in page.locator(".quiz-state").inner_text()
    )
    page.get_by_role("link", name="Xem kết quả").click()
    assert page.url == result_url

    # The certificate, from the result page; its QR code opens the public verification page.
    certificate = Certificate.objects.get(enrolment__cadre=learner)
    link = page.get_by_role("link", name=re.compile(r"^Tải chứng chỉ, giấy chứng nhận số"))
    assert certificate.number in link.inner_text()
    pdf = fetch(page, link)
    assert pdf.startswith(b"%PDF")
    [url] = qr_codes(pdf)
    assert url == f"{base}/verify/{certificate.verification_code}/"

    page.goto(url)
    verification = page.locator("main").inner_text()
    assert "Chứng chỉ, giấy chứng nhận này là thật và còn hiệu lực." in verification
    assert learner.full_name in verification
    assert certificate.number in verification
    assert COURSE in verification
    snap(page, "verify")
