"""Django's Redis cache, with one Redis client per server kept for the process.

Django's own backend builds a new `redis.Redis` client (on the shared connection pool) for
every cache call; that costs more than the round trip itself (about 0.3 ms against 0.1 ms on
the reference machine), several times per page. The client is thread-safe and the pool is
already kept, so this backend keeps the client too.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
