"""The coverage page: the same number of queries for a small tree and for thousands of agencies.

Small: a province with 5 communes. Large: the demo's whole An Giang (102 real communes, the
replayed merger, officers) plus generated communes up to several thousand agencies.
"""

import io
import random
import time

from _harness import report
from _registry import setup_temp_database

setup_temp_database()
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cadres import selectors  # noqa: E402
from cadres.demo import seed_registry  # noqa: E402
from cadres.models import Agency, AgencyKind, Cadre, OfficerAssignment, Posting  # noqa: E402
from cadres.roles import Role  # noqa: E402
from training.models import TrainingRequirement  # noqa: E402

EXTRA_COMMUNES = 1000  # × 3 bodies each, on top of the demo province

coordinator = get_user_model().objects.create_user("bench-coordinator")
coordinator.groups.add(Group.objects.get(name=Role.COORDINATOR.value))
client = Client()
client.force_login(coordinator)
url = reverse("cadres:coverage")
# A requirement, so that training tells trained from untrained on every filled post.
TrainingRequirement.objects.create(
    name="Bồi dưỡng kỹ năng vị trí việc làm",
    content_kind="job_skills",
    periods=16,
    responsibility_kind=OfficerAssignment._meta.get_field("kind").related_model.objects.get(
        code="phu-trach-dan-van"
    ),
    validity_years=5,
    basis="Nghị định 171/2025/NĐ-CP (ví dụ)",
    is_example=True,
)


def measure() -> tuple[int, float, int, int]:
    client.get(url)  # warm caches that are not per page
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    assert response.status_code == 200
    rows = len(selectors.coverage(user=coordinator).rows)
    return len(queries.captured_queries), seconds, rows, len(response.content)


kinds = {k.code: k for k in AgencyKind.objects.all()}
root = Agency.add_root(code="BENCH-ROOT", name="Tỉnh Thử nghiệm", kind=kinds["tinh-uy"])
for i in range(5):
    party = Agency.objects.get(pk=root.pk).add_child(
        code=f"BENCH-DU-{i}", name=f"Đảng ủy xã {i}", kind=kinds["dang-uy"]
    )
    party.add_child(code=f"BENCH-UB-{i}", name=f"UBND xã {i}", kind=kinds["uy-ban-nhan-dan"])
# One officer in the small tree too, so both sizes read the same things (holders, training).
bench_cadre = Cadre.objects.create(
    personnel_code="BENCH-CB", full_name="Cán bộ Thử", date_of_birth="1985-01-01", agency=root
)
Posting.objects.create(cadre=bench_cadre, agency=root, start_date="2025-07-01")
OfficerAssignment.objects.create(
    cadre=bench_cadre,
    agency=Agency.objects.get(code="BENCH-DU-0"),
    kind=OfficerAssignment._meta.get_field("kind").related_model.objects.get(
        code="phu-trach-dan-van"
    ),
    start_date="2025-07-01",
)
small_queries, small_seconds, small_rows, _small_bytes = measure()

seed_registry(io.StringIO())  # the whole demo province: real communes, merger, officers
province = Agency.objects.get(code="TU-AG")
rng = random.Random(2026)
for i in range(EXTRA_COMMUNES):
    party = Agency.objects.get(pk=province.pk).add_child(
        code=f"GEN-DU-{i}", name=f"Đảng ủy xã Sinh {i}", kind=kinds["dang-uy"]
    )
    party = Agency.objects.get(pk=party.pk)
    party.add_child(code=f"GEN-UB-{i}", name=f"UBND xã Sinh {i}", kind=kinds["uy-ban-nhan-dan"])
    party = Agency.objects.get(pk=party.pk)
    party.add_child(code=f"GEN-MT-{i}", name=f"MTTQ xã Sinh {i}", kind=kinds["uy-ban-mttq"])
# Fill some of them with officers who serve in the demo province.
serving = list(
    Posting.objects.filter(end_date__isnull=True).values_list("cadre_id", flat=True)[:500]
)
dv = OfficerAssignment._meta.get_field("kind").related_model.objects.get(code="phu-trach-dan-van")
OfficerAssignment.objects.bulk_create(
    [
        OfficerAssignment(cadre_id=rng.choice(serving), agency=a, kind=dv, start_date="2025-07-01")
        for a in Agency.objects.filter(code__startswith="GEN-DU-")
        if rng.random() < 0.6
    ]
)
large_queries, large_seconds, large_rows, large_bytes = measure()

report("coverage_rows_small", small_rows, "agencies")
report("coverage_rows_large", large_rows, "agencies")
report("coverage_queries_small", small_queries, "queries")
report("coverage_queries_large", large_queries, "queries")
report("coverage_queries_ratio", large_queries / small_queries)
report("coverage_time_small", small_seconds * 1000, "ms")
report("coverage_time_large", large_seconds * 1000, "ms")
report("coverage_bytes_province", large_bytes, "bytes")
