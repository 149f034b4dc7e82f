"""A process that only sets Django up (a worker, a command, a report run on its own) does not
load the heavy libraries of spreadsheets and PDFs: they come in when a file is read or made.
The reports bench measures the memory this saves (tests/bench/bench_reports.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "openpyxl", "reportlab", "xhtml2pdf", "pypdf", "segno")
PROBE = f"""
import sys
import django

django.setup()
print(" ".join(name for name in {HEAVY!r} if name in sys.modules))
"""


def _loaded_after(code: str) -> set[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cadre_site.settings.test",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return set(out.stdout.split())


def test_setting_django_up_loads_no_spreadsheet_or_pdf_library():
    assert _loaded_after(PROBE) == set()


def test_a_pdf_or_a_spreadsheet_still_loads_what_it_needs():
    code = PROBE.replace(
        "print(",
        "from cadres.spreadsheets import to_xlsx\n"
        "from training.pdf import html_to_pdf\n"
        "assert to_xlsx(['a'], [['x']], title='t')[:2] == b'PK'\n"
        "assert html_to_pdf('<p>Việt</p>')[:4] == b'%PDF'\n"
        "print(",
    )
    assert {"openpyxl", "xhtml2pdf", "reportlab"} <= _loaded_after(code)
