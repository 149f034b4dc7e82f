"""The cadre list page: the same number of queries with 100 and with 100,000 cadres."""

import random
import time

from _harness import report
from _registry import bulk_cadres, make_agencies, setup_temp_database

setup_temp_database()
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cadres.roles import Role  # noqa: E402

agencies = make_agencies(50)
rng = random.Random(2026)
coordinator = get_user_model().objects.create_user("bench-coordinator")
coordinator.groups.add(Group.objects.get(name=Role.COORDINATOR.value))
client = Client()
client.force_login(coordinator)
url = reverse("cadres:cadre_list")


def measure() -> tuple[int, float]:
    client.get(url)  # warm caches that are not per page
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    assert response.status_code == 200
    return len(queries.captured_queries), seconds


bulk_cadres(0, 100, agencies, rng)
small_queries, small_seconds = measure()
bulk_cadres(100, 99_900, agencies, rng)
large_queries, large_seconds = measure()

report("cadre_list_queries_at_100", small_queries, "queries")
report("cadre_list_queries_at_100000", large_queries, "queries")
report("cadre_list_queries_ratio", large_queries / small_queries)
report("cadre_list_time_at_100", small_seconds * 1000, "ms")
report("cadre_list_time_at_100000", large_seconds * 1000, "ms")
