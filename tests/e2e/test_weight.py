"""What a phone downloads to open the catalog, a course and a lesson for the first time: every
response (page, styles, script, images, icons) under 300 KB in total."""

import pytest

from tests.e2e.helpers import NARROW, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BUDGET = 300 * 1024


def transferred(context, url: str) -> tuple[int, list[str]]:
    """Bytes received (headers and bodies) while a page loads in a browser with an empty cache,
    scrolled to the end so lazy images load too; and what was received."""
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.set_viewport_size(NARROW)
    page.goto(url)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    total, received = 0, []
    for request in finished:
        sizes = request.sizes()
        size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        total += size
        received.append(f"{size:>8} {request.url}")
    page.close()
    return total, received


def test_catalog_course_and_lesson_stay_light_on_a_phone(live_server, new_context, portal):
    base = live_server.url
    signed_in = new_context()
    log_in(signed_in.new_page(), base, portal["learner"].username)
    state = signed_in.storage_state()  # the session only: every page starts with no cache

    weights = {}
    for name in ("catalog", "course", "lesson"):
        total, received = transferred(new_context(storage_state=state), base + portal[name])
        weights[name] = total
        assert any(line.endswith(portal[name]) for line in received), received
        assert any(".png" in line or ".jpg" in line for line in received), "no image loaded"
        assert total < BUDGET, "\n".join([f"{name}: {total} bytes", *received])
    print("page weights (bytes):", weights)
