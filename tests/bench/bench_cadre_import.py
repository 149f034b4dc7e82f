"""Import 100,000 cadres from a generated XLSX, against pandas.read_excel of the same file alone."""

import random
import time

from _harness import report
from _registry import make_agencies, random_name, setup_temp_database

ROWS = 100_000

folder = setup_temp_database()
import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from cadres.access import SYSTEM  # noqa: E402
from cadres.imports import CADRE_COLUMNS, import_cadres  # noqa: E402
from cadres.models import Cadre, Posting  # noqa: E402

agencies = make_agencies(50)
rng = random.Random(2026)
path = folder / "can-bo.xlsx"
workbook = Workbook(write_only=True)
sheet = workbook.create_sheet("Dữ liệu")
sheet.append([c.header for c in CADRE_COLUMNS])
for number in range(ROWS):
    member = rng.random() < 0.7
    sheet.append(
        [
            f"IM{number:07d}",
            random_name(rng),
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1965, 2000)}",
            rng.choice(["Nam", "Nữ"]),
            rng.choice(["Kinh", "Kinh", "Khmer", "Hoa"]),
            "Có" if member else "Không",
            "03/02/2010" if member else "",
            rng.choice(["Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân", ""]),
            "Cử nhân Luật",
            rng.choice(agencies).code,
            "Chuyên viên",
            "01/07/2025",
            f"cb{number}@example.vn" if rng.random() < 0.5 else "",
            rng.choice(["Công chức", "Viên chức", "Cán bộ cấp xã"]),
        ]
    )
workbook.save(path)

started = time.perf_counter()
frame = pd.read_excel(path)
read_seconds = time.perf_counter() - started
assert len(frame.index) == ROWS

started = time.perf_counter()
result = import_cadres(source=path, filename=path.name, actor=SYSTEM)
import_seconds = time.perf_counter() - started
assert result.ok, result.problems[:5]
assert result.created == ROWS and Cadre.objects.count() == ROWS and Posting.objects.count() == ROWS

started = time.perf_counter()
again = import_cadres(source=path, filename=path.name, actor=SYSTEM)
reimport_seconds = time.perf_counter() - started
assert again.unchanged == ROWS

report("cadre_import_rows", ROWS, "rows")
report("pandas_read_excel_time", read_seconds, "s")
report("cadre_import_time", import_seconds, "s")
report("cadre_import_rate", ROWS / import_seconds, "rows/s")
report("cadre_reimport_unchanged_time", reimport_seconds, "s")
report("import_vs_read_excel_time_ratio", import_seconds / read_seconds)
