"""Settings for `make messages` only: the site shell's templates (site/templates) live in no app,
so makemessages files their strings under the first LOCALE_PATHS entry; here that is the site's
own catalogue. At run time LOCALE_PATHS holds only the admin's JavaScript strings (see base)."""

from cadre_site.settings.dev import *  # noqa: F403
from cadre_site.settings.dev import BASE_DIR

LOCALE_PATHS = [BASE_DIR / "site" / "cadre_site" / "locale"]
