"""Rendered bodies of the office cadre list, kept in the shared cache until the registry changes.

The list's body (the filter form, the totals, the table and the pagination) depends only on the
registry, the language, what the viewer may see (the agency scope, sensitive columns, buttons
that change something) and the filters and page asked for. It is stored under those, tagged
with the *registry version* read in the same cache round trip, and served while that version
holds: a change of anything the list shows bumps the version, so the next request of any process
renders afresh (with Redis at once across processes).

The version lives in the database (`RegistryVersion`, one row) and in the cache for a few
seconds. It is bumped by the signals of the models the list shows (cadres.apps) and, where a
service writes without signals (bulk_create, bulk_update, queryset.update(), a treebeard move),
by that service itself: `bump_registry_version`.

The CSRF token of the body's forms is kept out of the stored copy: each visitor gets their own.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from cadres.access import agency_scope_for, can_change, can_see_sensitive, scope_to_list
from cadres.models import RegistryVersion
from cadres.roles import role_names
from cadres.stored_html import with_csrf_token, without_csrf_token
from cadres.versions import bump_version, read_version

REGISTRY_VERSION_KEY = "cadres:registry-version"
# Each process reads the version from the database at most this often when the cache is its own
# memory; a shared cache (Redis) sees a bump at once.
VERSION_SECONDS = 5
# Bodies expire anyway after this; a bump of the version retires them at once.
FRAGMENT_SECONDS = 600


def registry_version() -> int:
    return read_version(RegistryVersion, REGISTRY_VERSION_KEY, VERSION_SECONDS)


def bump_registry_version(**_kwargs) -> None:
    """Retire every cached body of the registry (a signal receiver, or called by a service)."""
    bump_version(RegistryVersion, REGISTRY_VERSION_KEY)


def bump_on_user_save(*, update_fields=None, **_kwargs) -> None:
    """An account's state shows in the list (active or locked); a login touches only last_login."""
    if update_fields is None or "is_active" in update_fields:
        bump_registry_version()


def viewer_parts(user) -> tuple:
    """What a body may depend on about its viewer: the language, the agency scope (what
    `selectors.cadre_list` and the filter's agencies read), the roles (the office menu, the
    buttons that change something, the sensitive columns). Two viewers alike share a body."""
    return (
        translation.get_language(),
        scope_to_list(agency_scope_for(user)),
        sorted(role_names(user)),
        sorted(getattr(user, "_user_facts", ())),  # read with the roles (e.g. runs a class)
        user.is_superuser,
        can_see_sensitive(user),
        can_change(user),
    )


def body_key(name: str, user, *parts) -> str:
    """The cache key of a body: its name, its viewer's parts and a digest of everything else it
    depends on (each part's repr must be the same in every process for one value: no sets)."""
    everything = (viewer_parts(user), parts)
    digest = hashlib.md5(repr(everything).encode(), usedforsecurity=False).hexdigest()
    return f"cadres:body:{name}:{digest}"


def cached_body(request, key: str, render: Callable[[], str]) -> SafeString:
    """The body stored under key for the current registry version, or render() stored now; with
    this visitor's CSRF token. One cache round trip for the version and the body."""
    found = cache.get_many([REGISTRY_VERSION_KEY, key])
    version = found.get(REGISTRY_VERSION_KEY)
    if version is None:
        version = registry_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        body = stored[1]
    else:
        body = without_csrf_token(render())
        cache.set(key, (version, body), FRAGMENT_SECONDS)
    return mark_safe(with_csrf_token(body, request))  # noqa: S308 (rendered by our own templates)
