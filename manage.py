#!/usr/bin/env python
"""Django's command-line entry point for the cadre training system."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

if __name__ == "__main__":
    # `site/` is a plain folder, not a package: Python's own `site` module owns that name.
    sys.path.insert(0, str(ROOT / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_site.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
