"""Local development: the embedded SQLite database, debug on, two-factor not forced."""

from cadre_site.env import env_bool, env_int, env_str

from .base import *  # noqa: F403

# Links in emails, PDFs and QR codes follow the port `make run` serves on (it passes PORT).
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

DEBUG = env_bool("DEBUG", True)
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", False)
WHITENOISE_USE_FINDERS = True  # serve static files without collectstatic
