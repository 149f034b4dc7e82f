"""Finds the request's Wagtail Site (and its home page) in the cache instead of two queries.

Wagtail looks the site up by host name on every page view and then loads the home page; both
change only when an editor publishes or an administrator edits sites, which bump the content
version (content_version in curriculum.models), so the cached pair is stored with it. The page
route of the address (curriculum.models.cached_route) is read in the same round trip.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError
from wagtail.models import Site

from cadres import user_state
from cadres.request_memo import read_cache
from curriculum.models import (
    FRAGMENT_SECONDS,
    VERSION_KEY,
    content_version,
    remember_content_version,
    route_cache_key,
)

# Paths that never serve a page; /healthz must report the database, not trip over it here.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/documents/", "/accounts/")


def _site_keys(request) -> tuple[str, str] | None:
    try:
        hostname = request.get_host().split(":")[0]
        port = request.get_port()
    except Exception:
        return None
    components = [part for part in request.path_info.split("/") if part]
    return f"curriculum:site:{hostname}:{port}", route_cache_key(hostname, port, components)


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(SKIPPED_PREFIXES):
            self._attach_site(request)
        return self.get_response(request)

    @staticmethod
    def _attach_site(request):
        keys = _site_keys(request)
        if keys is None:  # a disallowed host: let Django answer it as usual
            return
        # One round trip (none when ReadAheadMiddleware read them): the content version, the
        # site and the page route of this address.
        site_key, route_key = keys
        found = read_cache([VERSION_KEY, site_key, route_key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = content_version()
        remember_content_version(version)
        request._curriculum_route_key = route_key
        request._curriculum_route_entry = found.get(route_key)
        entry = found.get(site_key)
        if entry is not None and entry["version"] == version:
            site = entry["site"]
        else:
            try:
                site = Site.find_for_request(request)
                if site is None:
                    return
                site.root_page.specific  # noqa: B018  (cached on the object, so it is stored too)
            except DatabaseError:  # the view answers (or fails) on its own terms
                return
            cache.set(site_key, {"version": version, "site": site}, FRAGMENT_SECONDS)
        # Wagtail's Site.find_for_request reads this attribute before querying.
        request._wagtail_site = site


# The user_state entries that a request will ask for (training: a lesson page's enrolments and
# quiz attempts; the site: the header), as functions of the request and its page (None when
# the address is no page, or its route is not cached yet).
_read_ahead = []


def register_read_ahead(names_for_request) -> None:
    _read_ahead.append(names_for_request)


class ReadAheadMiddleware:
    """For a request that carries a session (a signed-in user, mostly): the session's cache
    entry, the content version, the site and the page route in one round trip, before anything
    reads them; then the user's entries that this request will ask for are named, so that
    loading the user brings them in a second (cadres.user_state). Placed right after SessionMiddleware.

    Requests without a session are left to PublicPageCacheMiddleware's one round trip."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.SESSION_ENGINE == "cadre_site.sessions"

    def __call__(self, request):
        if (
            self.enabled
            and request.session.session_key
            and not request.path.startswith(SKIPPED_PREFIXES)
        ):
            self._read_ahead(request)
        return self.get_response(request)

    @staticmethod
    def _read_ahead(request) -> None:
        keys = _site_keys(request)
        if keys is None:
            return
        session_key = request.session.cache_key_prefix + request.session.session_key
        found = read_cache([session_key, VERSION_KEY, *keys])
        if SESSION_KEY not in (found.get(session_key) or {}):
            return  # no one signed in
        # Only a guess of what the page will ask: an outdated route costs nothing but a read.
        route = found.get(keys[1])
        page = route["page"] if route is not None else None
        for names_for_request in _read_ahead:
            user_state.read_ahead(names_for_request(request, page))
