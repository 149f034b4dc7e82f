"""Registry bench helpers: a throw-away SQLite database and bulk-made agencies and cadres."""

import atexit
import os
import random
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _harness import setup_django

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Kim"]
GIVEN = ["An", "Ánh", "Bảo", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hùng", "Lan", "Mai", "Yến"]


def setup_temp_database() -> Path:
    """Point Django at a new SQLite file, set it up and migrate it; return the folder."""
    folder = Path(tempfile.mkdtemp(prefix="cadre-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    setup_django("cadre_site.settings.test")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def make_agencies(count: int) -> list:
    from cadres.models import Agency, AgencyKind

    kind = AgencyKind.objects.get(code="uy-ban-nhan-dan")
    root = Agency.add_root(code="BENCH-ROOT", name="Tỉnh Thử nghiệm", kind=kind)
    return [root] + [
        root.add_child(code=f"BENCH-{i:03d}", name=f"Ủy ban nhân dân xã {i}", kind=kind)
        for i in range(count)
    ]


def random_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def bulk_cadres(start: int, count: int, agencies: list, rng: random.Random) -> None:
    """Cadres with one open posting each, written with bulk_create (how imports write them)."""
    from cadres.models import Cadre, CadreCategory, Posting

    categories = list(CadreCategory.objects.all())
    batch = 5000
    for offset in range(start, start + count, batch):
        cadres = []
        for number in range(offset, min(offset + batch, start + count)):
            cadre = Cadre(
                personnel_code=f"BM{number:07d}",
                full_name=random_name(rng),
                date_of_birth=date(1970, 1, 1) + timedelta(days=rng.randrange(10000)),
                category=rng.choice(categories),
                agency=rng.choice(agencies),
            )
            cadre.fill_derived_names()
            cadres.append(cadre)
        Cadre.objects.bulk_create(cadres, batch_size=500)
        Posting.objects.bulk_create(
            [
                Posting(
                    cadre=c,
                    agency_id=c.agency_id,
                    position="Chuyên viên",
                    start_date=date(2025, 7, 1),
                )
                for c in cadres
            ],
            batch_size=500,
        )
