"""Sessions in the database, read through the cache (Django's cached_db), whose cache entry may
already have been fetched with the site and the page route in one round trip
(curriculum.middleware.ReadAheadMiddleware)."""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from cadres.request_memo import cache_get, forget_cache_read


class _PrefetchedCache:
    """The session cache, answering `get` from what this request already read."""

    def __init__(self, cache):
        self._cache = cache

    def get(self, key, default=None):
        return cache_get(key, default)

    def set(self, key, *args, **kwargs):
        forget_cache_read(key)
        return self._cache.set(key, *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        forget_cache_read(key)
        return self._cache.delete(key, *args, **kwargs)

    def __contains__(self, key):
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(CachedDBStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        # Only the default cache's entries are read ahead (cadres.request_memo.read_cache).
        if settings.SESSION_CACHE_ALIAS == "default":
            self._cache = _PrefetchedCache(self._cache)
