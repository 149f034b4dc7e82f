"""The pages people use most, checked by axe-core in the browser at 1280 and 360 px, by the
keyboard, and on a phone (nothing wider than the screen, no request to another host)."""

import pytest

from tests.curriculum import factories
from tests.e2e.conftest import foreign_requests
from tests.e2e.helpers import (
    NARROW,
    WIDE,
    axe_violations,
    dangling_references,
    log_in,
    overflow,
    unlabelled_cells,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def pages_of(portal):
    """(who, path) for each page checked; who logs in first (None: a visitor)."""
    return [
        (None, "/accounts/login/"),
        (None, portal["verify"]),
        ("learner", "/"),
        ("learner", portal["catalog"]),
        ("learner", portal["course"]),
        ("learner", portal["lesson"]),
        ("learner", "/learn/my-courses/"),
        ("officer", "/office/cadres/"),
        ("officer", "/office/coverage/"),
        ("officer", portal["capacity"]),
        ("officer", "/office/training/approvals/"),
    ]


def _browse(new_context, base, portal):
    """Yield each page loaded in a browser signed in as the right person."""
    pages = {}
    for who, path in pages_of(portal):
        if who not in pages:
            pages[who] = new_context().new_page()
            if who is not None:
                log_in(pages[who], base, portal[who].username)
        page = pages[who]
        page.set_viewport_size(WIDE)
        response = page.goto(f"{base}{path}")
        assert response.ok, f"{path}: {response.status}"
        yield path, page


def test_no_serious_axe_violation_and_nothing_wider_than_a_phone(
    live_server, new_context, browser_requests, portal
):
    problems = []
    for path, page in _browse(new_context, live_server.url, portal):
        problems += axe_violations(page)
        problems += [f"{path}: no element #{id}" for id in dangling_references(page)]
        page.set_viewport_size(NARROW)
        problems += axe_violations(page)  # the menu folds behind its toggle here
        scroll_width, inner_width = overflow(page)
        if scroll_width > inner_width:
            problems.append(f"{path}: {scroll_width} px wide at {inner_width} px")
        problems += [f"{path}: cells without data-label: {c}" for c in unlabelled_cells(page)]
    assert problems == []
    assert foreign_requests(browser_requests, live_server.url) == []
    assert len(browser_requests) > 30  # pages, styles, scripts, images: all were recorded


def test_the_menu_opens_from_the_keyboard_on_a_phone(live_server, page):
    factories.catalog(title="Danh mục khóa học")
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server.url}/")
    menu = page.get_by_role("navigation", name="Danh mục chính")
    assert not menu.get_by_role("link", name="Khóa học").is_visible()
    # Tab from the top: the skip link, the brand, then the menu's toggle.
    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.textContent.trim()") == "Bỏ qua, đến nội dung chính"
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    toggle = page.get_by_role("checkbox", name="Mở danh mục")
    assert toggle.evaluate("element => element === document.activeElement")
    page.keyboard.press("Space")
    assert toggle.is_checked()
    assert menu.get_by_role("link", name="Khóa học").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Trang chủ"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Danh mục khóa học"


def test_form_errors_are_announced_and_tied_to_their_fields(live_server, page, officer_a):
    base = live_server.url
    # A wrong password: the message is an alert, read out as it appears.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tài khoản đăng nhập").fill(officer_a.username)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "không đúng" in page.get_by_role("alert").inner_text()

    # A wrong file: the field is marked invalid, described by its help and by its error.
    log_in(page, base, officer_a.username)
    page.goto(f"{base}/office/import/cadres/")
    field = page.get_by_label("Tệp", exact=False).first
    field.set_input_files({"name": "danh-sach.txt", "mimeType": "text/plain", "buffer": b"abc"})
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    texts = [page.locator(f"#{id}").inner_text() for id in described]
    assert texts == [
        "Tiêu đề cột ở dòng 1; tải tệp mẫu để xem các cột.",
        "Tệp phải là bảng tính Excel (.xlsx) hoặc tệp CSV (.csv).",
    ]
    assert dangling_references(page) == []
