"""Whole pages for anonymous visitors, kept in the shared cache until the next publish.

A public page (home, catalog, course, case study, search, certificate verification) looks the
same to every visitor who is not logged in, except for the CSRF token of its forms. Such a page
is stored whole after its first rendering, under its address and language, tagged with the
content version (`curriculum.models.content_version`) read before it was rendered, and served
from the cache while that version holds: a publish bumps the version, so the next request of
any process renders afresh (with Redis at once across processes).

What a page shows besides published content (the classes of a course with their seats left, a
certificate's state) is named by the page as a *vary*: a registered function whose digest of
those facts (read with one small query) is part of the stored copy; a copy whose digest
differs is rendered again. The function reads exactly what the page shows, so seats taken or
a revocation show on the next request.

Nothing is served from here to a request that carries a session (logged in, or anything kept
for the visitor) or a message; those go through the whole stack as before. One cache round
trip per page: the version and the copy are read together.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from cadres.stored_html import with_csrf_token, without_csrf_token
from curriculum.models import (
    FRAGMENT_SECONDS,
    VERSION_KEY,
    content_version,
    remember_content_version,
)
from curriculum.public_pages import PUBLIC_CACHE_ATTRIBUTE, vary_digest

# Copies of one address kept for different vary digests (e.g. today's and yesterday's classes).
VARIANTS_KEPT = 4
# Where no page is ever stored (the admin, files, accounts, the back office).
SKIPPED_PREFIXES = (
    "/admin/",
    "/static/",
    "/media/",
    "/healthz",
    "/documents/",
    "/accounts/",
    "/office/",
    "/me/",
    "/i18n/",
)


def _eligible(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and not request.path.startswith(SKIPPED_PREFIXES)
    )


def _key(request) -> str:
    address = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"curriculum:page:{translation.get_language()}:{digest}"


class PublicPageCacheMiddleware:
    """Serves and stores anonymous visitors' public pages (placed after the language is set
    and before anything reads the session or the user for the page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = content_version()
        remember_content_version(version)
        stored = found.get(key)
        if stored is not None and stored["version"] == version:
            vary = stored["vary"]
            copy = stored["copies"].get(vary_digest(*vary) if vary else "")
            if copy is not None:
                return self._from_copy(request, copy)
        else:
            stored = None
        response = self.get_response(request)
        marked = getattr(response, PUBLIC_CACHE_ATTRIBUTE, None)
        if (
            marked is not None
            and response.status_code == 200
            and not response.streaming
            and not response.cookies  # a message, or anything else kept for this visitor
            and not request.session.modified
        ):
            self._store(key, version, *marked, stored, response)
        return response

    @staticmethod
    def _store(key, version, vary, digest, stored, response) -> None:
        body = without_csrf_token(response.content.decode(response.charset))
        copy = {"status": response.status_code, "headers": list(response.items()), "body": body}
        copies = dict(stored["copies"]) if stored and stored["vary"] == vary else {}
        copies[digest] = copy
        while len(copies) > VARIANTS_KEPT:
            copies.pop(next(iter(copies)))
        entry = {"version": version, "vary": vary, "copies": copies}
        cache.set(key, entry, FRAGMENT_SECONDS)

    @staticmethod
    def _from_copy(request, copy) -> HttpResponse:
        response = HttpResponse(with_csrf_token(copy["body"], request), status=copy["status"])
        for name, value in copy["headers"]:
            response[name] = value
        return response
