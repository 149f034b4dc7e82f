"""Django's Redis cache, made non-fatal: while Redis is down the site runs on cache misses.

Django's own RedisCache raises redis.ConnectionError out of every call, so a Redis restart
turned every page that reads the cache (the site lookup, page fragments, rate limits) into a
500. Here a failed call logs a warning (at most one every WARN_EVERY_SECONDS per process) and
answers as an empty cache would: `get` gives the default, writes are dropped, `incr` counts
from zero, and `add` says it stored the key (True): allauth's rate limits take a lock with
`add` and refuse everyone (429) when they cannot get it, which would lock every user out. Consequences while Redis is down: pages are built without
their cached fragments (slower, correct); sessions live on in the database (cached_db);
rate limits kept in the cache (failed logins, password resets, unknown certificate codes) fail
open, with the warning in the log, until Redis is back. redis-py reconnects by itself.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("cadre_site.cache")
WARN_EVERY_SECONDS = 10.0
_last_warning = {"at": float("-inf")}


def _warn(operation: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _last_warning["at"] >= WARN_EVERY_SECONDS:
        _last_warning["at"] = now
        logger.warning(
            "Redis cache unavailable (%s): %s; serving without the cache", operation, error
        )


def _non_fatal(fallback):
    """Wrap a client method: on a Redis error, log and return fallback(*args, **kwargs)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _warn(method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _false(*args, **kwargs):
    return False


def _true(*args, **kwargs):
    return True


def _none(*args, **kwargs):
    return None


def _empty(*args, **kwargs):
    return {}


def _delta(key, delta=1, *args, **kwargs):
    return delta


class ResilientRedisCacheClient(RedisCacheClient):
    get = _non_fatal(_default)(RedisCacheClient.get)
    add = _non_fatal(_true)(RedisCacheClient.add)
    set = _non_fatal(_none)(RedisCacheClient.set)
    touch = _non_fatal(_false)(RedisCacheClient.touch)
    delete = _non_fatal(_false)(RedisCacheClient.delete)
    get_many = _non_fatal(_empty)(RedisCacheClient.get_many)
    has_key = _non_fatal(_false)(RedisCacheClient.has_key)
    incr = _non_fatal(_delta)(RedisCacheClient.incr)
    set_many = _non_fatal(_none)(RedisCacheClient.set_many)
    delete_many = _non_fatal(_none)(RedisCacheClient.delete_many)
    clear = _non_fatal(_false)(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
