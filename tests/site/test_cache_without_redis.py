"""Redis down: the site keeps serving from the database, logins work, and the rate limits kept in
the cache fail open with a logged warning (cadre_site/cache.py). Redis is "down" here because
nothing listens on the port the cache points at."""

import logging
import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from cadre_site import cache as fail_open
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is


@pytest.fixture
def redis_down(settings, monkeypatch):
    monkeypatch.setattr(fail_open.FailOpenRedisCache, "_warned_at", -1e9)
    settings.CACHES = {
        "default": {
            "BACKEND": "cadre_site.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_reads_miss_writes_are_dropped_and_a_warning_says_rate_limits_fail_open(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="cadre_site.cache"):
        assert cache.get("x", "absent") == "absent"
        assert cache.add("x", 1) is True  # as if stored and forgotten: locks never block
        cache.set("x", 1)
        assert cache.get_many(["x", "y"]) == {}
        assert cache.get_or_set("z", 5) == 5
        with pytest.raises(ValueError):
            cache.incr("x")
        cache.delete("x")
    warnings = [r for r in caplog.records if r.name == "cadre_site.cache"]
    assert len(warnings) == 1  # once, not once per call
    assert "rate limits fail open" in warnings[0].getMessage()


def test_a_cadre_logs_in_and_stays_logged_in_without_redis(redis_down, client, cadre_user):
    login = reverse("account_login")
    for _ in range(6):  # over the 5 failures a login may have: not counted without Redis
        assert client.post(login, {"login": "CB100001", "password": "sai"}).status_code == 200
    response = client.post(login, {"login": "CB100001", "password": PASSWORD})
    assert response.status_code == 302
    # The session lives in the database: the next requests are still logged in.
    assert client.get(reverse("training:my_courses")).status_code != 302
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user.is_authenticated


def test_unknown_certificate_codes_are_not_counted_while_redis_is_down(redis_down, client):
    codes = [
        client.get(reverse("training:verify", args=[f"KHONG-CO-{n}"])).status_code
        for n in range(25)
    ]
    assert set(codes) == {404}  # fail open: no 429, and above all no 500
