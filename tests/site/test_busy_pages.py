"""The eight busiest pages (issue 20): few queries whatever the registry's size, nothing personal
shared between visitors, and a publish (or a seat taken, a revocation) seen on the next request.

Anonymous visitors' public pages are stored whole (curriculum.page_cache); these tests run with
the test settings' memory cache, which behaves as the shared Redis cache of production within one
process.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cadres.models import Agency, Cadre, CadreCategory, Posting
from cadres.roles import Role
from curriculum.models import CoursePage
from training import services

pytestmark = pytest.mark.django_db

FIRST_VIEW_LIMIT = 12
REPEAT_VIEW_LIMIT = 6


def _bulk_cadres(agency: Agency, count: int, start: int) -> None:
    """Cadres with an open posting each, written as imports write them (bulk_create)."""
    category = CadreCategory.objects.order_by("pk").first()
    cadres = []
    for number in range(start, start + count):
        cadre = Cadre(
            personnel_code=f"BULK{number:07d}",
            full_name=f"Nguyễn Văn Số {number}",
            date_of_birth=datetime.date(1980, 1, 1) + datetime.timedelta(days=number % 7000),
            category=category,
            agency=agency,
        )
        cadre.fill_derived_names()
        cadres.append(cadre)
    Cadre.objects.bulk_create(cadres, batch_size=1000)
    Posting.objects.bulk_create(
        [
            Posting(
                cadre=c, agency=agency, position="Chuyên viên", start_date=datetime.date(2025, 7, 1)
            )
            for c in cadres
        ],
        batch_size=1000,
    )


def _pages(cast) -> dict[str, tuple[str, object]]:
    """Each page's address and who looks at it (None: an anonymous visitor)."""
    return {
        "home": ("/", None),
        "catalog": (cast["course"].get_parent().url, None),
        "course": (cast["course"].url, None),
        "casestudy": (cast["case"].url, None),
        "search": (reverse("curriculum:search") + "?q=dan+van", None),
        "verify": (
            reverse("training:verify", args=[cast["certificate"].verification_code]),
            None,
        ),
        "lesson": (cast["lesson"].url, cast["learner"]),
        "office_cadres": (reverse("cadres:cadre_list"), cast["officer"]),
    }


def _publish(page) -> None:
    page.save_revision().publish()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _query_counts(cast) -> dict[str, tuple[int, int]]:
    counts = {}
    for name, (url, user) in _pages(cast).items():
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(url)  # image renditions and the like, made once for all time
        _publish(CoursePage.objects.get(pk=cast["course"].pk))
        first = _count(client, url)
        repeat = _count(client, url)
        counts[name] = (first, repeat)
    return counts


def test_busy_pages_keep_few_queries_at_10_and_10000_cadres(cast, agency_a_unit):
    _bulk_cadres(agency_a_unit, 10 - Cadre.objects.count(), start=0)
    assert Cadre.objects.count() == 10
    small = _query_counts(cast)
    _bulk_cadres(agency_a_unit, 9_990, start=10)
    assert Cadre.objects.count() == 10_000
    large = _query_counts(cast)
    assert small == large, (small, large)
    for name, (first, repeat) in large.items():
        assert first <= FIRST_VIEW_LIMIT, (name, first)
        assert repeat <= REPEAT_VIEW_LIMIT, (name, repeat)


def test_two_learners_of_one_lesson_see_only_their_own_progress_and_name(
    cast, make_user, make_cadre, agency_a_unit
):
    other_cadre = make_cadre("CB-A-002", "Trần Văn Bình", agency_a_unit)
    other = make_user(other_cadre.personnel_code, role=Role.CADRE, first_name="Bình")
    other_cadre.user = other
    other_cadre.save(update_fields=["user"])
    services.enrolment_request(cadre=other_cadre, offering=cast["offering"])
    first, second = Client(), Client()
    first.force_login(cast["learner"])
    second.force_login(other)
    url = cast["lesson"].url

    for _ in range(2):  # the second time every cache is warm
        mine = first.get(url).content.decode()
        theirs = second.get(url).content.decode()
        assert "quiz-passed" in mine  # the first learner passed the lesson's quiz
        assert "quiz-passed" not in theirs
        assert 'class="user-name">Bình<' in theirs
        assert "Bình" not in mine
        assert cast["learner"].username in mine
        assert cast["learner"].username not in theirs


def test_anonymous_copies_never_carry_a_signed_in_visitor(cast):
    learner = Client()
    learner.force_login(cast["learner"])
    url = cast["course"].url
    signed_in = learner.get(url).content.decode()
    assert "LOP-01" in signed_in and 'class="user-name"' in signed_in
    for _ in range(2):
        anonymous = Client().get(url).content.decode()
        assert 'class="user-name"' not in anonymous
        assert cast["learner"].username not in anonymous
        assert reverse("account_login") in anonymous
    again = learner.get(url).content.decode()
    assert 'class="user-name"' in again and reverse("training:my_courses") in again


def test_a_publish_shows_on_the_next_request(cast):
    visitor = Client()
    course = CoursePage.objects.get(pk=cast["course"].pk)
    assert course.title in visitor.get(course.url).content.decode()
    visitor.get(course.get_parent().url)  # both pages stored
    course.title = "Kỹ năng dân vận khéo ở cơ sở"
    _publish(course)
    assert "Kỹ năng dân vận khéo ở cơ sở" in visitor.get(course.url).content.decode()
    catalog = visitor.get(course.get_parent().url).content.decode()
    assert "Kỹ năng dân vận khéo ở cơ sở" in catalog


def test_a_seat_taken_and_a_revocation_show_on_the_next_request(
    cast, make_cadre, agency_a_unit, coordinator
):
    visitor = Client()
    course_url = cast["course"].url
    seats = re.compile(r'class="num">(\d+)</td>')
    before = int(seats.search(visitor.get(course_url).content.decode()).group(1))
    newcomer = make_cadre("CB-A-003", "Lê Thị Cúc", agency_a_unit)
    services.enrolment_request(cadre=newcomer, offering=cast["offering"])
    after = int(seats.search(visitor.get(course_url).content.decode()).group(1))
    assert after == before - 1

    url = reverse("training:verify", args=[cast["certificate"].verification_code])
    assert "verify-valid" in visitor.get(url).content.decode()
    services.certificate_revoke(
        actor=coordinator, certificate=cast["certificate"], reason="Cấp nhầm người."
    )
    page = visitor.get(url).content.decode()
    assert "verify-revoked" in page and "Cấp nhầm người." in page


def test_a_stored_page_gives_each_visitor_a_working_csrf_token(cast):
    # The language chosen below stays active in this thread after the request: put it back.
    with translation.override(translation.get_language()):
        Client().get("/")  # stored by a first visitor
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get("/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert token and visitor.cookies.get("csrftoken")
        response = visitor.post(
            reverse("set_language"),
            {"language": "en", "next": "/", "csrfmiddlewaretoken": token.group(1)},
        )
        assert response.status_code == 302
        assert visitor.get("/").headers["Content-Language"] == "en"
