"""Settings shared by every environment; each value an operator may change comes from env.py."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from cadre_site.env import env_bool, env_int, env_list, env_str

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # <repo>/site
BASE_DIR = SITE_DIR.parent  # <repo>

SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-only-for-local-use-never-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    # Project apps first, so their templates and translations win over the libraries'.
    "cadre_site",
    "training",
    "curriculum",
    "cadres",
    "cadre_site.vendor_vi",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cadre_site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # With sessions read through Redis: the session, site and page route in one round trip.
    "curriculum.middleware.ReadAheadMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cadre_site.middleware.UserLanguageMiddleware",
    # Anonymous visitors' public pages, whole from the cache until the next publish.
    "curriculum.page_cache.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cadre_site.middleware.StaffTwoFactorMiddleware",
    "cadre_site.middleware.PrivateResponseMiddleware",
    "cadre_site.middleware.AdminChooserMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# --- Content-Security-Policy (cadre_site.middleware): the site's own scripts and styles only,
# nothing inline, no nonces (pages are cached whole). Django 5.2 has no CSP support of its own.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # data: for small inline SVG icons
    "font-src": ["'self'"],
    "media-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],  # Wagtail's preview shows pages in a frame of the admin
}
# What Wagtail 8's admin needs on top: inline scripts (date pickers, inline panels, workflow
# dialogs) and inline styles; blob: images for upload previews. Still no eval, no other origin.
CSP_ADMIN_PREFIX = "/admin/"
CSP_ADMIN_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}

ROOT_URLCONF = "cadre_site.urls"
WSGI_APPLICATION = "cadre_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cadre_site.context_processors.site_shell",
            ],
        },
    },
]

# SQLite in a git-ignored file unless DATABASE_URL says otherwise (sqlite:///… or postgres://…).
# Connections are kept between requests (checked before reuse): opening one cost more than the
# whole page served from the cache (SQLite in WAL mode sets up and checkpoints its journal on
# every open and last close; PostgreSQL starts a backend).
DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DEFAULT_SQLITE_PATH.parent.mkdir(
        exist_ok=True
    )  # var/ is git-ignored, so a fresh clone lacks it
    # WAL lets readers and the one writer work side by side; wait rather than fail on a lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cadres.User"
# Django's and allauth's backends, loading the session's user through the shared cache
# (cadres.auth_backends); the plain ones stay listed for sessions opened before, which name them.
AUTHENTICATION_BACKENDS = [
    "cadres.auth_backends.CachedModelBackend",
    "cadres.auth_backends.CachedAuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# --- Accounts (django-allauth) ---
ACCOUNT_ADAPTER = "cadre_site.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}  # cadres without email use their personnel code
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are made by personnel departments, not by sign-up
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_RATE_LIMIT", "5/300s/key,20/300s/ip"),
    # allauth's key for the "forgot password" form (its default allows 5 a minute per address).
    "reset_password": "5/h/ip,3/h/key",
}
# Proxies in front of the application (nginx: 1). Each appends to X-Forwarded-For the address
# it saw, so per-address limits (logins, password resets, certificate checks) read the client's
# address that many entries from the end; 0 means the socket's address (no proxy).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Đào tạo cán bộ dân vận] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth refuses two-factor while an address is unverified (against someone signing up with
# another's email). Nobody signs up here, addresses are never verified by mail, and the refusal
# sent staff, who must set up two-factor, back to the set-up page forever.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = "Dao tao can bo dan van"
# Staff (editors, moderators, personnel officers, coordinators, admins) must set up TOTP.
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)

# --- Language and formats: Vietnamese first, English second, no URL prefixes ---
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "cadre_language"
# The django-domain catalogues belong to apps (precedence by app order, see vendor_vi/apps.py).
# Wagtail's admin JavaScript catalogue reads only wagtail.admin and LOCALE_PATHS, so the
# Vietnamese of its JavaScript strings (sidebar, page explorer, editor) lives here.
LOCALE_PATHS = [SITE_DIR / "cadre_site" / "vendor_vi" / "jslocale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["cadre_site.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

# --- Static and media ---
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private files (CMS documents, original images, evidence, imports, job results) live apart from
# MEDIA_ROOT, which then holds only public image renditions a web server may publish as they are.
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "cadres.storage.PrivateStorage"},
    "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILIMAGES_RENDITION_STORAGE = "public"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Upload limits (files over them are refused with a Vietnamese message; set the proxy's
# client_max_body_size a little above the largest). A spreadsheet is also refused before it is
# parsed when it unpacks to more than IMPORT_MAX_UNPACKED_BYTES or holds more than
# IMPORT_MAX_ROWS rows (zip bombs, huge sheets).
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
EVIDENCE_MAX_UPLOAD_BYTES = env_int("EVIDENCE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Evidence of training done elsewhere: scans and documents only (never .html, .svg, .exe).
EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "docx", "doc", "odt"]
DOCUMENT_MAX_UPLOAD_BYTES = env_int("DOCUMENT_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ---
WAGTAIL_SITE_NAME = "Đào tạo cán bộ dân vận"
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no request leaves the machine
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No autosave: it kept a draft of every page an editor started and left, whose address then
# collided with the page written again (shown as an error on another tab). Drafts are saved
# with "Lưu bản nháp" and go through the review workflow.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAIL_GRAVATAR_PROVIDER_URL = (
    None  # avatars from gravatar.com would leak emails and break offline
)
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "pptx", "xlsx", "xls", "zip", "mp4"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "curriculum.document_forms.DocumentForm"  # size limit
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = (
    64_000_000  # decompression bombs  # documents go through Wagtail, so privacy applies
)
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# --- Background tasks: run at once unless a worker is configured (production) ---
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The job base (cadres.jobs): a running job whose heartbeat is older than this is taken for dead
# and queued again by `manage.py sweep_queue`; finished jobs' files are kept this many days.
JOB_STALE_AFTER_SECONDS = env_int("JOB_STALE_AFTER_SECONDS", 600)
JOB_FILES_KEPT_DAYS = env_int("JOB_FILES_KEPT_DAYS", 1)
# Runs of one job, counted together (an import's check and write are two): once this many have
# started and the last died too, the job is failed rather than queued again.
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 5)
# A report file from a report page is built in the request when its figures cover at most this
# many agencies, else on the job base (progress, then a download); one asked for again within
# REPORT_FILE_REUSE_MINUTES with the same filters is the same file.
REPORT_FILE_INLINE_AGENCIES = env_int("REPORT_FILE_INLINE_AGENCIES", 100)
REPORT_FILE_REUSE_MINUTES = env_int("REPORT_FILE_REUSE_MINUTES", 10)
# The office home's figures of the reporting year are kept this long per scope (the panel says
# when they were computed); what waits for action is always counted live.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)
# Self check-in at a class held in person: open this long before a session starts and after it
# ends (the organiser's screen shows a code that changes every minute).
CHECK_IN_OPENS_BEFORE_MINUTES = env_int("CHECK_IN_OPENS_BEFORE_MINUTES", 30)
CHECK_IN_CLOSES_AFTER_MINUTES = env_int("CHECK_IN_CLOSES_AFTER_MINUTES", 30)

# --- Cache: local memory by default, Redis when REDIS_URL is set (needed beyond one process) ---
# Django's RedisCache with its client kept per process and its errors made non-fatal
# (cadre_site/cache.py): while Redis is down
# pages are served on cache misses and a warning is logged; short socket timeouts, so a Redis
# that hangs costs a request a second at most, not the gunicorn timeout.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cadre_site.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each user's roles and a lesson page's reading of their enrolments, kept between requests
# (cadres.user_state): only in a cache that every process shares, or one process's writes
# would not retire what another process keeps.
USER_STATE_CACHE = env_bool("USER_STATE_CACHE", bool(REDIS_URL))

# --- Email ---
# Every email goes through the outbox (cadres.mail_backend), Wagtail's notices too: it leaves
# after the commit and is retried while the mail server is down. What actually sends it:
EMAIL_BACKEND = "cadres.mail_backend.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Đào tạo cán bộ dân vận <no-reply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

SITE_SHELL_TITLE = _("Cadre training and capacity")

# --- Curriculum search (curriculum issue) ---
# Pages index a diacritics-folded copy of their text (curriculum/search.py). On PostgreSQL the
# "simple" text-search config keeps short words: the English default drops "do", "an", "to",
# "no", which are folded Vietnamese words (Đỗ, ăn, tổ). SQLite's FTS5 needs no setting.
if "postgresql" in DATABASES["default"]["ENGINE"]:
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "simple"
# Private documents and pages send visitors to allauth's login (rate limits, two-factor), not to
# Wagtail's own /_util/login/ form.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Wagtail's per-request site lookup served from the cache (curriculum/middleware.py).
MIDDLEWARE += ["curriculum.middleware.CachedSiteMiddleware"]

# --- Retirement (cadres.retirement) ---
# Retirement ages and rotation rules are data in the database with their legal basis (the
# Wagtail admin edits them). This is a local planning horizon, not a legal period: officers
# whose retirement is nearer than this many months are marked on the coverage page.
CADRES_RETIREMENT_SOON_MONTHS = env_int("CADRES_RETIREMENT_SOON_MONTHS", 12)
