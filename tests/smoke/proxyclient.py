"""A small HTTP client that talks to gunicorn as the TLS proxy in front of it would.

Every request carries `X-Forwarded-Proto: https` (production settings trust it), POSTs carry the
CSRF token and an `Origin` of https://host (Django checks it on secure requests), and cookies are
kept by hand: production sets them `Secure`, which a cookie jar would not send over plain HTTP.
"""

import re
import time
from urllib.parse import urljoin, urlsplit

import requests

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    def __init__(self, base_url: str, *, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).netloc
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def _url(self, path: str) -> str:
        if path.startswith("https://") or path.startswith("http://"):
            parts = urlsplit(path)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def request(self, method: str, path: str, *, follow: bool = False, **kwargs):
        headers = {
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en-US,en;q=0.9",  # the site must still answer in Vietnamese
            **kwargs.pop("headers", {}),
        }
        if method == "POST":
            headers.setdefault("Origin", f"https://{self.host}")
            headers.setdefault("Referer", f"https://{self.host}{urlsplit(self._url(path)).path}")
            data = kwargs.setdefault("data", {})
            if isinstance(data, dict) and "csrftoken" in self.cookies:
                data.setdefault("csrfmiddlewaretoken", self.cookies["csrftoken"])
        started = time.monotonic()
        response = requests.request(
            method,
            self._url(path),
            headers=headers,
            cookies=dict(self.cookies),
            allow_redirects=False,
            timeout=self.timeout,
            **kwargs,
        )
        response.elapsed_ms = (time.monotonic() - started) * 1000
        for cookie in response.cookies:
            if cookie.value == "" or (cookie.expires is not None and cookie.expires < time.time()):
                self.cookies.pop(cookie.name, None)
            else:
                self.cookies[cookie.name] = cookie.value
        if follow and response.is_redirect:
            return self.get(response.headers["Location"], follow=True)
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data=None, **kwargs):
        return self.request("POST", path, data=data if data is not None else {}, **kwargs)

    def log_in(self, login: str, password: str):
        page = self.get("/accounts/login/")
        return self.post(
            "/accounts/login/",
            {"login": login, "password": password, "csrfmiddlewaretoken": self.token(page)},
        )

    def token(self, page) -> str:
        """The CSRF token of the form on page (else the cookie's)."""
        found = CSRF_INPUT.search(page.text)
        return found.group(1) if found else self.cookies.get("csrftoken", "")
