"""Redis down (nothing listens where the cache points): failed logins and unknown certificate
codes are not counted, so the rate limits fail open, and none of it is a 500. What the cache
itself answers is tested in tests/ops/test_redis_outage.py."""

import socket

import pytest
from django.urls import reverse

from cadre_site import cache as resilient_cache
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is


@pytest.fixture
def redis_down(settings, monkeypatch):
    # The cache warns once every few seconds per process: leave that clock as it was found.
    monkeypatch.setitem(resilient_cache._last_warning, "at", float("-inf"))
    settings.CACHES = {
        "default": {
            "BACKEND": "cadre_site.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_failed_logins_are_not_counted_and_the_right_password_still_works(
    redis_down, client, cadre_user
):
    login = reverse("account_login")
    for _ in range(6):  # over the 5 failures a login may have in 5 minutes
        assert client.post(login, {"login": "CB100001", "password": "sai"}).status_code == 200
    response = client.post(login, {"login": "CB100001", "password": PASSWORD})
    assert response.status_code == 302
    # The session lives in the database: the next requests are still logged in.
    assert client.get(reverse("training:my_courses")).status_code != 302


def test_unknown_certificate_codes_are_not_counted_while_redis_is_down(redis_down, client):
    codes = [
        client.get(reverse("training:verify", args=[f"KHONG-CO-{n}"])).status_code
        for n in range(25)
    ]
    assert set(codes) == {404}  # fail open: no 429 after 20, and above all no 500


def test_signed_in_pages_work_and_a_role_taken_away_still_counts_at_once(
    redis_down, settings, cast
):
    """With Redis down nothing is kept per user (cadres.user_state): every answer comes from
    the database, the read-ahead of the session finds nothing and the pages still answer."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from cadres.roles import Role

    settings.SESSION_ENGINE = "cadre_site.sessions"
    learner = Client()
    learner.force_login(cast["learner"])
    for _ in range(2):
        page = learner.get(cast["lesson"].url)
        assert page.status_code == 200 and 'class="user-name"' in page.content.decode()
    officer = Client()
    officer.force_login(cast["officer"])
    assert officer.get(reverse("cadres:cadre_list")).status_code == 200
    cast["officer"].groups.remove(Group.objects.get(name=Role.PERSONNEL_OFFICER.value))
    assert officer.get(reverse("cadres:cadre_list")).status_code == 404
