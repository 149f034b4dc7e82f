"""Journey 3: an editor drafts a lesson in the Wagtail admin and submits it for review, a
moderator approves and publishes it, and a cadre finds it on the course page."""

import pytest

from curriculum.demo import para
from tests.curriculum import factories
from tests.e2e import data
from tests.e2e.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Đối thoại với đồng bào về giải phóng mặt bằng"
TEXT = "Đến từng hộ, nghe từng ý kiến, trả lời bằng văn bản."


@pytest.fixture
def course():
    catalog = factories.catalog(title="Danh mục khóa học")
    course = factories.course(catalog, title="Kỹ năng đối thoại với nhân dân")
    factories.lesson(course, title="Chuẩn bị buổi đối thoại", body=[para("Nắm tình hình.")])
    return course


@pytest.fixture
def reader(make_user, cadre_in_a):
    return data.account_for(make_user, cadre_in_a)


def _children_of(page, title: str):
    page.get_by_role("link", name=f"Xem các trang con của '{title}'").click()


def test_a_lesson_goes_from_draft_through_review_to_the_cadres(
    live_server, new_context, snap, editor, moderator, reader, course
):
    from curriculum.models import LessonPage

    base = live_server.url
    catalog = course.get_parent()

    # The editor reaches the admin from the site's menu and finds the course in the page tree.
    page = new_context().new_page()
    log_in(page, base, editor.username)
    page.get_by_role("link", name="Quản trị nội dung").click()
    page.goto(f"{base}/admin/pages/")
    # The page tree opens at the home page: editors write there and nowhere above it (the
    # tree's root, where a new site would start, is no editor's: curriculum migration 0010).
    page.wait_for_url(f"{base}/admin/pages/{factories.home().pk}/")
    assert "Các trang tạo tại đây sẽ không truy cập được" not in page.locator("main").inner_text()
    for ancestor in (catalog, course):
        _children_of(page, ancestor.title)
    page.get_by_role("link", name="Thêm trang con").click()

    # A lesson: title and summary, one paragraph of text.
    page.get_by_role("textbox", name="Tiêu đề*").fill(TITLE)
    page.get_by_role("textbox", name="Tóm tắt").fill("Nghe dân nói trước, giải thích sau.")
    page.get_by_role("button", name="Chèn một khối").click()
    page.get_by_role("option", name="Văn bản").click()
    page.locator(".DraftEditor-root [contenteditable=true]").last.click()
    page.keyboard.type(TEXT)
    # Draftail writes its text into the form a moment after the last key.
    page.wait_for_function(
        "text => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(text))",
        arg="trả lời bằng văn bản",
    )
    snap(page, "editor-draft", check_overflow=False)
    page.get_by_role("button", name="Thao tác khác").click()
    page.get_by_role("button", name="Gửi tới Duyệt rồi xuất bản").click()
    page.wait_for_url(f"{base}/admin/pages/{course.pk}/")
    snap(page, "editor-submitted", check_overflow=False)

    lesson = LessonPage.objects.get(title=TITLE)
    assert not lesson.live
    assert lesson.workflow_in_progress
    # The address has no marks: folded like search folds text.
    assert lesson.slug == "doi-thoai-voi-dong-bao-ve-giai-phong-mat-bang"

    # The moderator finds it waiting on the admin's dashboard, approves and publishes.
    page = new_context().new_page()
    log_in(page, base, moderator.username)
    page.goto(f"{base}/admin/")
    waiting = page.get_by_role("region", name="Đang chờ bạn duyệt")
    snap(page, "moderator-dashboard", check_overflow=False)
    waiting.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Thao tác khác").click()
    actions = page.get_by_role("navigation", name="Thao tác (chân trang)")
    # One way to publish while under review, worded like the workflow ("Duyệt rồi xuất bản").
    assert actions.get_by_role("button", name="Xuất bản", exact=True).count() == 0
    assert actions.get_by_role("button", name="Duyệt kèm nhận xét và xuất bản").count() == 1
    actions.get_by_role("button", name="Duyệt và xuất bản").click()
    page.wait_for_load_state()
    snap(page, "moderator-published", check_overflow=False)
    lesson.refresh_from_db()
    assert lesson.live
    assert lesson.url == f"{course.url}doi-thoai-voi-dong-bao-ve-giai-phong-mat-bang/"

    # A cadre sees it in the course's lessons and reads it.
    page = new_context().new_page()
    log_in(page, base, reader.username)
    page.goto(f"{base}{course.url}")
    lessons = page.get_by_role("region", name="Bài học")
    assert lessons.get_by_role("link").all_inner_texts() == ["Chuẩn bị buổi đối thoại", TITLE]
    snap(page, "cadre-course")
    lessons.get_by_role("link", name=TITLE).click()
    assert page.url == f"{base}{lesson.url}"
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert TEXT in page.locator("article").inner_text()
    snap(page, "cadre-lesson")
