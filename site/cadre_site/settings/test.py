"""Test settings: fast hashing, emails kept in memory; DATABASE_URL still picks the database."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REQUIRE_STAFF_MFA = False  # tests that need it switch it on
# One process per test worker: its local cache is shared by everything the worker runs, so the
# per-user cache is on as it is in production (with Redis).
USER_STATE_CACHE = True
