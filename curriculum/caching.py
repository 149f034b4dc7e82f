"""A version number of the published curriculum, part of every cached page fragment's key.

A fragment of one page also shows other pages (a course lists its lessons, the home page lists
courses), so a page's own `cache_key` is not enough: any publish, unpublish, move or delete bumps
the version and every fragment, cached route and cached site is looked up afresh.

The number lives in the database (one row) so that every server process sees a bump; each process
keeps it in the cache for a few seconds, so a page view costs no query for it. With a shared cache
(Redis) a bump is seen at once; with per-process memory caches within VERSION_SECONDS.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from wagtail.url_routing import RouteResult

VERSION_KEY = "curriculum:content-version"
VERSION_SECONDS = 5
# Fragments expire anyway after this; a version bump retires them at once.
FRAGMENT_SECONDS = 600


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        from curriculum.models import ContentVersion

        version = ContentVersion.objects.get_or_create(pk=1)[0].number
        cache.set(VERSION_KEY, version, VERSION_SECONDS)
    return version


def bump_content_version(**_kwargs) -> None:
    from curriculum.models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 2})
    # Now for this process (and the transaction it is in), again once the change is visible to all.
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


def cached_route(root, path_components, route):
    """The live page at this path below root, from the cache or by walking the tree (`route`)."""
    path = "/".join(path_components)
    digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    key = f"curriculum:route:{root.pk}:{content_version()}:{digest}"
    page = cache.get(key)
    if page is not None:
        return RouteResult(page)
    result = route()
    # Only plain page hits are cached; routes with arguments (none in this portal) are not.
    if isinstance(result, RouteResult) and not result.args and not result.kwargs:
        cache.set(key, result.page, FRAGMENT_SECONDS)
    return result
