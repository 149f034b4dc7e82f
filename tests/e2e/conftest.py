"""Browser tests drive Debian's chromium through Playwright; skipped when it is not installed.

Every journey gets: screenshots of its steps at 1280 and 360 px (`snap`), the list of every
address its browsers asked for (none may leave the live server), and uploads kept out of the
worktree. The helpers they click with are in tests/e2e/helpers.py.
"""

import datetime
import itertools
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from curriculum.demo import figure, para
from tests.curriculum import factories
from tests.e2e import data
from tests.e2e.helpers import NARROW, WIDE, overflow, unlabelled_cells

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live server listens on 127.0.0.1 (not "localhost"), the address no request may leave.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    have_chromium = os.path.exists(CHROMIUM)
    skip = pytest.mark.skip(
        reason=f"browser tests need {CHROMIUM}: install it with `apt-get install -y chromium`"
    )
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            if not have_chromium:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": WIDE, "locale": "vi-VN"}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # The live server runs in this process: the override reaches it too.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def browser_requests():
    """Every URL the test's browsers requested (pages, styles, images, downloads)."""
    return []


@pytest.fixture
def new_context(new_context, browser_requests, live_server):
    """pytest-playwright's contexts, each recording its requests; at the end, none may have
    gone anywhere but the live server (no CDN, no font service, no avatar service)."""

    def make(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(10_000)  # a missing button fails in seconds, not half a minute
        context.on("request", lambda request: browser_requests.append(request.url))
        return context

    yield make
    assert browser_requests, "the test opened no page"
    assert foreign_requests(browser_requests, live_server.url) == []


def foreign_requests(urls: list[str], base: str) -> list[str]:
    home = urlsplit(base).netloc
    return [
        url
        for url in urls
        if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != home
    ]


@pytest.fixture
def snap(output_path):
    """snap(page, name): full-page screenshots at 1280 and 360 px into test-results/<test>/,
    checking on the way that at 360 px nothing overflows sideways and every table cell keeps
    its column's name (skipped for Wagtail's admin, which is not ours to lay out)."""
    numbers = itertools.count(1)
    folder = Path(output_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, check_overflow: bool = True):
        number = next(numbers)
        size = page.viewport_size
        try:
            for viewport in (WIDE, NARROW):
                page.set_viewport_size(viewport)
                path = folder / f"{number:02d}-{name}-{viewport['width']}.png"
                page.screenshot(path=path, full_page=True)
                if check_overflow and viewport is NARROW:
                    scroll_width, inner_width = overflow(page)
                    assert scroll_width <= inner_width, (
                        f"{page.url} overflows at {inner_width} px: {scroll_width} px wide"
                    )
                    assert unlabelled_cells(page) == [], f"{page.url}: cells without data-label"
        finally:
            page.set_viewport_size(size)

    return take


@pytest.fixture
def portal(province, agency_a_unit, make_cadre, cadre_in_a, make_user, officer_a):
    """A course with a cover and a lesson with a picture; a cadre who completed it (with a
    certificate) and another whose request waits for the officer of agency A."""
    from training import services

    data.issuing_body(province)
    catalog = factories.catalog()
    course = factories.course(
        catalog, title="Dân vận khéo ở khu dân cư", cover_image=factories.image("Bìa khóa học")
    )
    factories.course(catalog, title="Kỹ năng tiếp công dân")
    lesson = factories.lesson(
        course,
        title="Gần dân, hiểu dân",
        body=[para("Đến từng nhà, nghe từng người."), figure(factories.image(), "Họp dân ở ấp")],
    )
    factories.lesson(course, title="Ôn tập")  # the sample quiz
    data.complete(data.online_class(course, province, "DVK-01"), [cadre_in_a])
    waiting = make_cadre("CB-A-002", "Lê Văn Bình", agency_a_unit)
    asking = data.online_class(course, province, "DVK-02", approval_required=True)
    services.enrolment_request(cadre=waiting, offering=asking)
    certificate = cadre_in_a.enrolments.get().certificates.get()
    # Capacity: the course is required of dân vận officers; the one who has not done it shows
    # untrained on the coverage page, with the button to nominate them to the open class.
    from cadres.models import LeadershipTitle, OfficerAssignment, ResponsibilityKind
    from training.models import TrainingRequirement

    dan_van = ResponsibilityKind.objects.get(code="phu-trach-dan-van")
    TrainingRequirement.objects.create(
        name="Bồi dưỡng dân vận khéo",
        course=course,
        responsibility_kind=dan_van,
        validity_years=3,
        basis="Nghị định 171/2025/NĐ-CP (ví dụ)",
        is_example=True,
    )
    TrainingRequirement.objects.create(
        name="Quản lý nhà nước cho Chủ tịch",
        content_kind="state_management",
        periods=40,
        title=LeadershipTitle.objects.get(code="chu-tich-ubnd"),
        basis="Nghị định 171/2025/NĐ-CP (ví dụ)",
        is_example=True,
    )
    officer = make_cadre("CB-A-003", "Phạm Thị Cúc", agency_a_unit)
    OfficerAssignment.objects.create(
        cadre=officer, agency=agency_a_unit, kind=dan_van, start_date=datetime.date(2025, 7, 1)
    )
    chair = LeadershipTitle.objects.get(code="chu-tich-ubnd").pk
    return {
        "learner": data.account_for(make_user, cadre_in_a),
        "officer": officer_a,
        "capacity": f"/office/training/cadres/{cadre_in_a.pk}/capacity/?title={chair}",
        "catalog": catalog.url,
        "course": course.url,
        "lesson": lesson.url,
        "verify": f"/verify/{certificate.verification_code}/",
    }
