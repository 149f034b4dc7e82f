"""Local development: the embedded SQLite database, debug on, two-factor not forced."""

from cadre_site.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", False)
WHITENOISE_USE_FINDERS = True  # serve static files without collectstatic
