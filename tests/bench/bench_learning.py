"""Learning pages at scale: "my courses" and the approval queue cost the same queries at 10 and
1,000 enrolments; enrolment requests per second against a bare Django view, both in-process."""

import datetime
import random
import time

from _harness import report
from _registry import bulk_cadres, make_agencies, setup_temp_database

setup_temp_database()
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from cadres.models import Cadre  # noqa: E402
from cadres.roles import Role  # noqa: E402
from tests.curriculum import factories  # noqa: E402
from training.models import Enrolment, EnrolmentStatus, Offering, OfferingMode  # noqa: E402

rng = random.Random(2026)
agencies = make_agencies(20)
bulk_cadres(0, 2_100, agencies, rng)
today = timezone.localdate()
catalog = factories.catalog()
courses = []
for i in range(10):
    course = factories.course(catalog, title=f"Khóa thử {i}")
    factories.lesson(course, title="Bài 1")
    factories.lesson(course, title="Bài 2")
    courses.append(course)


def make_offerings(start: int, count: int) -> list[Offering]:
    return Offering.objects.bulk_create(
        [
            Offering(
                course=courses[i % len(courses)],
                code=f"B-{i:05d}",
                mode=OfferingMode.ONLINE,
                organiser=agencies[0],
                start_date=today,
                end_date=today + datetime.timedelta(days=30),
                capacity=5_000,
                enrol_opens=today - datetime.timedelta(days=1),
                enrol_closes=today + datetime.timedelta(days=10),
                approval_required=True,
            )
            for i in range(start, start + count)
        ]
    )


def count_queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


User = get_user_model()
cadres = list(Cadre.objects.order_by("pk")[:2_100])
learner = User.objects.create_user(cadres[0].personnel_code)
learner.groups.add(Group.objects.get(name=Role.CADRE.value))
Cadre.objects.filter(pk=cadres[0].pk).update(user=learner)
coordinator = User.objects.create_user("bench-coordinator")
coordinator.groups.add(Group.objects.get(name=Role.COORDINATOR.value))

mine = Client()
mine.force_login(learner)
office = Client()
office.force_login(coordinator)

offerings = make_offerings(0, 10)
Enrolment.objects.bulk_create(
    [Enrolment(offering=o, cadre=cadres[0], status=EnrolmentStatus.IN_PROGRESS) for o in offerings]
)
queue_offering = offerings[0]
Enrolment.objects.bulk_create(
    [
        Enrolment(offering=queue_offering, cadre=c, status=EnrolmentStatus.REQUESTED)
        for c in cadres[1:11]
    ]
)
small_mine = count_queries(mine, reverse("training:my_courses"))
small_queue = count_queries(office, reverse("training:approval_queue"))

offerings = make_offerings(10, 990)
Enrolment.objects.bulk_create(
    [Enrolment(offering=o, cadre=cadres[0], status=EnrolmentStatus.IN_PROGRESS) for o in offerings]
)
Enrolment.objects.bulk_create(
    [
        Enrolment(offering=queue_offering, cadre=c, status=EnrolmentStatus.REQUESTED)
        for c in cadres[11:1001]
    ]
)
large_mine = count_queries(mine, reverse("training:my_courses"))
large_queue = count_queries(office, reverse("training:approval_queue"))

report("my_courses_queries_at_10", small_mine, "queries")
report("my_courses_queries_at_1000", large_mine, "queries")
report("my_courses_queries_ratio", large_mine / small_mine)
report("approval_queue_queries_at_10", small_queue, "queries")
report("approval_queue_queries_at_1000", large_queue, "queries")
report("approval_queue_queries_ratio", large_queue / small_queue)

# Enrolment requests over HTTP (test client, whole middleware stack) against a bare view. One
# client (one handler, built once) takes each cadre's session cookie in turn, as a server would.
REQUESTS = 200
target = make_offerings(2_000, 1)[0]
sessions = []
for cadre in cadres[1_001 : 1_001 + REQUESTS]:
    user = User.objects.create_user(cadre.personnel_code)
    Cadre.objects.filter(pk=cadre.pk).update(user=user)
    login = Client()
    login.force_login(user)
    sessions.append(login.cookies[settings.SESSION_COOKIE_NAME].value)
url = reverse("training:offering_enrol", args=[target.pk])
enrolling = Client()
enrolling.get("/healthz")  # build the handler (middleware) before timing
started = time.perf_counter()
for session_key in sessions:
    enrolling.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert enrolling.post(url).status_code == 302
enrol_rate = REQUESTS / (time.perf_counter() - started)
assert Enrolment.objects.filter(offering=target).count() == REQUESTS

with override_settings(ROOT_URLCONF="tests.bench._urls"):
    bare = Client()
    bare.get("/bench/bare/")
    started = time.perf_counter()
    for _ in range(REQUESTS * 5):
        assert bare.get("/bench/bare/").status_code == 200
    bare_rate = REQUESTS * 5 / (time.perf_counter() - started)

report("enrolment_request_rate", enrol_rate, "req/s")
report("bare_view_rate_in_process", bare_rate, "req/s")
report("enrolment_request_vs_bare_view_rate_ratio", enrol_rate / bare_rate)
