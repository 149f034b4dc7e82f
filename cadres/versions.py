"""Version numbers that retire cached copies in every process: a one-row table (the truth every
process shares) read through the cache. A bump updates the row and drops the cached number at
once and again when the transaction commits, so the next reader of any process reads it anew.
Used for the published content (curriculum.models.ContentVersion) and the registry shown by the
office lists (cadres.models.RegistryVersion)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import F


def read_version(model, key: str, seconds: int) -> int:
    """The number, from the cache (kept `seconds`) or the row."""
    version = cache.get(key)
    if version is None:
        version = model.objects.get_or_create(pk=1)[0].number
        cache.set(key, version, seconds)
    return version


def bump_version(model, key: str) -> None:
    if not model.objects.filter(pk=1).update(number=F("number") + 1):
        model.objects.get_or_create(pk=1, defaults={"number": 2})
    # Now for this process (and the transaction it is in), again once the change is visible to all.
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
