"""Production-like settings for benchmarks: DEBUG off, the bench URLs, the local database."""

import os
import warnings

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-bench-only-secret-key-bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("REQUIRE_STAFF_MFA", "false")

from cadre_site.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "tests.bench._urls"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files come from the app folders (no collectstatic needed for a benchmark).
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", "No directory at", UserWarning)
LOGGING = {"version": 1, "disable_existing_loggers": False}
# A run of its own in a shared cache (Redis): nothing cached by an earlier run is reused.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "")  # noqa: F405
