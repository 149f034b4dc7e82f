"""Production: needs only SECRET_KEY and ALLOWED_HOSTS; TLS terminates at a proxy in front."""

from urllib.parse import urlsplit

from cadre_site.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403
from .base import BASE_DIR, CSP_ADMIN_DIRECTIVES, CSP_DIRECTIVES, DATABASES, REDIS_URL

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Absolute links in emails, PDFs and QR codes; by default the first allowed host over HTTPS.
SITE_URL = env_str("SITE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

STORAGES = {
    "default": {"BACKEND": "cadres.storage.PrivateStorage"},
    "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Public image renditions served by Django itself on a single machine (SERVE_MEDIA=false when
# nginx serves MEDIA_ROOT: it holds nothing private).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# --- Media on S3-compatible storage, for more than one machine (README "Production and scale").
# S3_BUCKET holds the private files under S3_PRIVATE_PREFIX, never readable without the keys;
# image renditions go to S3_PUBLIC_BUCKET (the same bucket by default) under S3_PUBLIC_PREFIX,
# which the operator makes publicly readable and pages link to through S3_PUBLIC_URL. Keys come
# from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the machine's role), as boto3 reads them.
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    _s3_common = {
        "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("S3_REGION", "") or None,
        "addressing_style": env_str("S3_ADDRESSING_STYLE", "") or None,
    }
    _public_url = urlsplit(env_str("S3_PUBLIC_URL", ""))
    STORAGES["default"] = {
        "BACKEND": "cadres.storage_s3.PrivateS3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": S3_BUCKET,
            "location": env_str("S3_PRIVATE_PREFIX", "private"),
        },
    }
    STORAGES["public"] = {
        "BACKEND": "cadres.storage_s3.PublicS3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": env_str("S3_PUBLIC_BUCKET", S3_BUCKET),
            "location": env_str("S3_PUBLIC_PREFIX", "public"),
            **(
                {
                    "custom_domain": _public_url.netloc + _public_url.path.rstrip("/"),
                    "url_protocol": f"{_public_url.scheme}:",
                }
                if _public_url.netloc
                else {}
            ),
        },
    }
    # Pages show renditions from there: the Content-Security-Policy lets images come from it.
    _media_origin = (
        _public_url if _public_url.netloc else urlsplit(_s3_common["endpoint_url"] or "")
    )
    if _media_origin.netloc:
        _origin = f"{_media_origin.scheme}://{_media_origin.netloc}"
        CSP_DIRECTIVES = {**CSP_DIRECTIVES, "img-src": [*CSP_DIRECTIVES["img-src"], _origin]}
        CSP_ADMIN_DIRECTIVES = {
            **CSP_ADMIN_DIRECTIVES,
            "img-src": [*CSP_ADMIN_DIRECTIVES["img-src"], _origin],
        }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Sessions in the database, read through the cache: a Redis restart logs nobody out (Django's
# cached_db falls back to the database and logs the cache's errors).
# cadre_site.sessions is Django's cached_db whose cache entry may be read ahead with others.
if REDIS_URL:
    SESSION_ENGINE = "cadre_site.sessions"

# Database outages: connections are kept (DB_CONN_MAX_AGE, base settings) and checked before
# reuse, so the site answers again as soon as PostgreSQL is back, without restarting gunicorn;
# while it is down, pages that need it answer 503 (cadre_site.views.server_error) and a
# connection attempt gives up quickly.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5)
    )

# EMAIL_BACKEND in the environment names what delivers the outbox (SMTP by default); Django's
# own EMAIL_BACKEND stays the outbox, so no email is sent inside a request.
OUTBOX_DELIVERY_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: the folder emails go to
# (the production smoke test reads them there).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.security": {"level": "WARNING"}},
}
