"""Redis as a cache the site can live without.

Django's RedisCache raises when Redis is down, so every page touching the cache (the site
lookup, cached fragments, rate limits, cached_db sessions) answered 500. Here, while Redis does
not answer, a read is a miss, a write is dropped, and a warning is logged (at most once every
WARN_EVERY_SECONDS per process). What that means for each user of the cache:

- sessions (cached_db) read and write the database as usual: nobody is logged out;
- pages and fragments are rebuilt from the database (slower, still right);
- rate limits kept in the cache (allauth's failed logins and password resets, unknown
  certificate codes) FAIL OPEN: nothing is counted until Redis is back, and the warning says so.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

WARN_EVERY_SECONDS = 30


class FailOpenRedisCache(RedisCache):
    _warned_at = 0.0

    def _down(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - FailOpenRedisCache._warned_at >= WARN_EVERY_SECONDS:
            FailOpenRedisCache._warned_at = now
            logger.warning(
                "Redis cache unavailable (%s: %s): serving without the cache; rate limits "
                "fail open until it is back.",
                operation,
                error,
            )

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._down("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._down("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            self._down("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._down("add", error)
            # As if stored and at once forgotten. allauth takes a lock with add() around each
            # rate limit and answers 429 when it cannot: False here would lock everyone out.
            return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            self._down("set", error)
            return None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            self._down("set_many", error)
            return list(data)  # the keys that were not stored

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            self._down("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._down("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            self._down("delete_many", error)
            return None

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._down("incr", error)
            # A miss, as for every read: callers already handle a key that is not there.
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from error

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            self._down("clear", error)
            return False
