"""With Redis down (nothing listens on its port) the site keeps serving and logins keep working."""

import logging

import pytest
from django.core.cache import caches

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# A port of this project's range where nothing listens: every connection is refused.
DEAD_REDIS = "redis://127.0.0.1:8249/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cadre_site.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield caches["default"]


def test_cache_calls_answer_as_an_empty_cache_and_log_a_warning(redis_down, caplog):
    cache = redis_down
    with caplog.at_level(logging.WARNING, logger="cadre_site.cache"):
        assert cache.get("k", "fallback") == "fallback"
        cache.set("k", 1, 60)  # dropped, no error
        assert cache.add("k", 0, 60) is True  # a lock is granted: allauth's limits fail open
        assert cache.incr("k") == 1  # counts from zero: rate limits fail open
        assert cache.get_many(["a", "b"]) == {}
        cache.delete("k")
    assert "Redis cache unavailable" in caplog.text


def test_pages_and_logins_work_while_redis_is_down(redis_down, client, cadre_user):
    assert client.get("/accounts/login/", secure=True).status_code == 200
    response = client.post(
        "/accounts/login/",
        {"login": cadre_user.username, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    # The session was stored in the database (cached_db): the next page knows who this is.
    assert client.get("/me/notices/", secure=True).status_code == 200
