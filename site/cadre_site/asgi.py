"""ASGI entry point; works from any folder."""

import os
import sys
from pathlib import Path

_SITE_DIR = Path(__file__).resolve().parent.parent
for _path in (str(_SITE_DIR.parent), str(_SITE_DIR)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_site.settings.production")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
