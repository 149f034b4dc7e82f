"""Values read once per request: several parts of one page (a hook, the page's context, the
menu) ask the same question. Outside a request (commands, workers, tests calling selectors
directly) nothing is remembered, so no answer outlives the request that read it."""

import threading

from django.core.signals import request_finished, request_started


class _Memo(threading.local):
    values: dict | None = None


_memo = _Memo()


def _start(**_kwargs) -> None:
    _memo.values = {}


def _finish(**_kwargs) -> None:
    _memo.values = None


request_started.connect(_start, dispatch_uid="cadres-request-memo-start")
request_finished.connect(_finish, dispatch_uid="cadres-request-memo-finish")


def remembered(key, compute):
    """compute() once per request for this key (every time outside a request)."""
    values = _memo.values
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def forget(key) -> None:
    if _memo.values is not None:
        _memo.values.pop(key, None)


def recall(key, default=None):
    """What was remembered for this key in this request (default when nothing was)."""
    values = _memo.values
    return default if values is None else values.get(key, default)


def remember(key, value) -> None:
    """Keep a value read elsewhere for the rest of the request (nothing outside a request)."""
    if _memo.values is not None:
        _memo.values[key] = value


def forget_matching(matches) -> None:
    if _memo.values:
        for key in [key for key in _memo.values if matches(key)]:
            del _memo.values[key]


# --- Cache entries read together (one round trip) and used by several parts of the request ---

_CACHE = "cache:"
NOT_READ = object()


def read_cache(keys) -> dict:
    """cache.get_many(keys) in one round trip, each answer (or its absence) kept for the rest of
    the request, so that later reads of these keys (here or by cache_get) need no round trip;
    keys already read in this request are not asked again."""
    from django.core.cache import cache

    values = _memo.values
    if values is None:
        return cache.get_many(keys)
    missing = [key for key in keys if _CACHE + key not in values]
    if missing:
        found = cache.get_many(missing)
        for key in missing:
            values[_CACHE + key] = found.get(key)
    return {key: values[_CACHE + key] for key in keys if values[_CACHE + key] is not None}


def cache_get(key, default=None):
    """cache.get(key), or what read_cache already fetched in this request."""
    value = recall(_CACHE + key, NOT_READ)
    if value is NOT_READ:
        from django.core.cache import cache

        return cache.get(key, default)
    return default if value is None else value


def forget_cache_read(key) -> None:
    """A key written in this request: later reads go to the cache again."""
    forget(_CACHE + key)


def cache_set(key, value, timeout) -> None:
    """cache.set, and what later reads of this key in the request see."""
    from django.core.cache import cache

    cache.set(key, value, timeout)
    remember(_CACHE + key, value)
