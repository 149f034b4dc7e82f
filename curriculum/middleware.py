"""Finds the request's Wagtail Site (and its home page) in the cache instead of two queries.

Wagtail looks the site up by host name on every page view and then loads the home page; both
change only when an editor publishes or an administrator edits sites, which bump the content
version (content_version in curriculum.models), so the cached pair is stored with it. The page
route of the address (curriculum.models.cached_route) is read in the same round trip.
"""

from django.core.cache import cache
from django.db import DatabaseError
from wagtail.models import Site

from curriculum.models import (
    FRAGMENT_SECONDS,
    VERSION_KEY,
    content_version,
    remember_content_version,
    route_cache_key,
)

# Paths that never serve a page; /healthz must report the database, not trip over it here.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/documents/", "/accounts/")


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(SKIPPED_PREFIXES):
            self._attach_site(request)
        return self.get_response(request)

    @staticmethod
    def _attach_site(request):
        try:
            hostname = request.get_host().split(":")[0]
            port = request.get_port()
        except Exception:  # a disallowed host: let Django answer it as usual
            return
        # One round trip: the content version, the site and the page route of this address.
        site_key = f"curriculum:site:{hostname}:{port}"
        components = [part for part in request.path_info.split("/") if part]
        route_key = route_cache_key(hostname, port, components)
        found = cache.get_many([VERSION_KEY, site_key, route_key])
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
