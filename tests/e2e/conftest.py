"""Browser tests drive Debian's chromium through Playwright; skipped when it is not installed."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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
