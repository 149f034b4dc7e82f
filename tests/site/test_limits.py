"""Rate limits that mean what they say: allauth's own keys, no unlimited side door, one bucket
per client behind the proxy, and a warning when processes would each count alone."""

import pytest
from django.core.checks import Warning
from django.urls import reverse

from cadre_site.checks import check_shared_cache
from cadres.client import client_ip

pytestmark = pytest.mark.django_db


def test_password_reset_is_limited_per_address_under_allauths_key(client, cadre_user, settings):
    assert "reset_password" in settings.ACCOUNT_RATE_LIMITS
    assert "password_reset" not in settings.ACCOUNT_RATE_LIMITS
    cadre_user.email = "anh@example.vn"
    cadre_user.save()
    url = reverse("account_reset_password")
    codes = [client.post(url, {"email": "anh@example.vn"}).status_code for _ in range(4)]
    assert codes[:3] == [302, 302, 302]
    assert codes[3] == 429  # 3 an hour for one address, not allauth's default 5 a minute


def test_wagtails_own_password_reset_sends_to_allauths(client):
    for path in ("/admin/password_reset/", "/admin/password_reset/done/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_reset_password")
    assert client.post("/admin/password_reset/", {"email": "x@example.vn"}).status_code == 302


class _Request:
    def __init__(self, remote, xff=None):
        self.META = {"REMOTE_ADDR": remote}
        self.headers = {"x-forwarded-for": xff} if xff is not None else {}


def test_the_client_address_comes_from_the_trusted_proxy_only(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_Request("10.0.0.1", "203.0.113.5")) == "10.0.0.1"  # no proxy: header lies
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_Request("10.0.0.1", "203.0.113.5")) == "203.0.113.5"
    # A client cannot pick its bucket by sending its own header: the proxy appends the real one.
    assert client_ip(_Request("10.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_Request("10.0.0.1", "1.2.3.4, 203.0.113.5, 10.0.0.9")) == "203.0.113.5"
    # Too few entries (someone reached the app around the proxy): the socket's address.
    assert client_ip(_Request("10.0.0.1", "203.0.113.5")) == "10.0.0.1"


def test_behind_the_proxy_one_attackers_failures_do_not_lock_out_everyone(
    client, cadre_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/300s/ip"}
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    good = {"login": "CB100001", "password": "Mật-khẩu-thử-2026"}
    for _ in range(3):
        client.post("/accounts/login/", {"login": "CB100001", "password": "sai"}, **attacker)
    assert client.post("/accounts/login/", good, **attacker).status_code != 302  # locked out
    colleague = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert client.post("/accounts/login/", good, **colleague).status_code == 302


def test_certificate_verification_counts_per_client_behind_the_proxy(client, settings):
    from training.views.certificates import VERIFY_UNKNOWN_LIMIT

    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for i in range(VERIFY_UNKNOWN_LIMIT + 1):
        last = client.get(reverse("training:verify", args=[f"sai-{i:04d}-xxxxxxxx"]), **attacker)
    assert last.status_code == 429
    other = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert client.get(reverse("training:verify", args=["sai-ma-khac"]), **other).status_code == 404


def test_deploy_check_warns_when_each_process_would_count_alone(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    (warning,) = check_shared_cache(None)
    assert isinstance(warning, Warning) and warning.id == "cadre_site.W003"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379",
        }
    }
    assert check_shared_cache(None) == []
