"""What is kept per user between requests (cadres.user_state): the signed-in user, their roles,
a lesson page's reading of their enrolments and quiz attempts. Every write that changes one of
them shows on the very next request; a signed-in lesson view reads the cache three times and
runs no query once warm.

The test settings keep it on (a worker's memory cache is shared by everything the worker runs,
as Redis is by every process in production).
"""

import contextlib
import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.cached_db import SessionStore as PlainCachedDB
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.roles import Role
from tests.source_guard import modules_without
from training import services
from training.models import LessonProgress

pytestmark = pytest.mark.django_db


def _signed_in(user, **kwargs) -> Client:
    client = Client()
    client.force_login(user, **kwargs)
    return client


@pytest.mark.parametrize("side", ["user", "group"])
def test_a_role_taken_away_closes_the_office_on_the_next_request(cast, side):
    officer = cast["officer"]
    client = _signed_in(officer)
    url = reverse("cadres:cadre_list")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # the roles now come from the cache
    group = Group.objects.get(name=Role.PERSONNEL_OFFICER.value)
    if side == "user":
        officer.groups.remove(group)
    else:
        group.user_set.remove(officer)
    assert client.get(url).status_code == 404


def test_a_role_given_opens_the_office_on_the_next_request(cast, make_user):
    newcomer = make_user("moivao")
    client = _signed_in(newcomer)
    url = reverse("cadres:cadre_list")
    assert client.get(url).status_code == 404
    newcomer.groups.add(Group.objects.get(name=Role.COORDINATOR.value))
    assert client.get(url).status_code == 200


def test_a_new_password_or_a_deactivation_signs_out_on_the_next_request(cast):
    learner = cast["learner"]
    url = reverse("training:my_courses")
    client = _signed_in(learner)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # the user now comes from the cache
    learner.set_password("Mật-khẩu-mới-2026")
    learner.save()
    assert client.get(url).status_code == 302  # to the login page

    client = _signed_in(learner)
    assert client.get(url).status_code == 200
    learner.is_active = False
    learner.save(update_fields=["is_active"])
    assert client.get(url).status_code == 302


def test_a_new_name_shows_in_the_header_at_once(cast):
    learner = cast["learner"]
    client = _signed_in(learner)
    url = cast["lesson"].url
    client.get(url)
    learner.first_name, learner.last_name = "Hoa", "Lê Thị"
    learner.save()
    assert 'class="user-name">Lê Thị Hoa<' in client.get(url).content.decode()


def test_an_enrolment_made_after_a_visit_counts_the_next_visit(
    cast, make_user, make_cadre, agency_a_unit
):
    cadre = make_cadre("CB-A-003", "Phạm Văn Chung", agency_a_unit)
    user = make_user(cadre.personnel_code, role=Role.CADRE)
    cadre.user = user
    cadre.save(update_fields=["user"])
    client = _signed_in(user)
    lesson = cast["lesson"]
    client.get(lesson.url)
    client.get(lesson.url)  # "has no enrolment" now comes from the cache
    enrolment = services.enrolment_request(cadre=cadre, offering=cast["offering"])
    client.get(lesson.url)
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).exists()


def test_a_quiz_attempt_shows_on_the_lesson_at_once(cast, make_user, make_cadre, agency_a_unit):
    cadre = make_cadre("CB-A-004", "Đỗ Thị Dung", agency_a_unit)
    user = make_user(cadre.personnel_code, role=Role.CADRE)
    cadre.user = user
    cadre.save(update_fields=["user"])
    enrolment = services.enrolment_request(cadre=cadre, offering=cast["offering"])
    client = _signed_in(user)
    lesson = cast["lesson"]
    assert "quiz-passed" not in client.get(lesson.url).content.decode()
    assert "quiz-passed" not in client.get(lesson.url).content.decode()
    quiz = next(b for b in lesson.body if b.block_type == "quiz")
    answers = {
        q.id: [o.id for o in q.value["options"].bound_blocks if o.value["is_correct"]]
        for q in quiz.value["questions"].bound_blocks
    }
    services.quiz_submit(enrolment=enrolment, lesson=lesson, block_id=quiz.id, answers=answers)
    assert "quiz-passed" in client.get(lesson.url).content.decode()


def test_sessions_opened_before_keep_working(cast):
    """Sessions that name Django's plain backend, or were written by Django's own cached_db
    engine, are still valid after the switch to the cached ones."""
    client = _signed_in(cast["learner"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("training:my_courses")).status_code == 200

    from cadre_site.sessions import SessionStore

    old = PlainCachedDB()
    old["answer"] = 42
    old.create()
    assert SessionStore(old.session_key)["answer"] == 42


@contextlib.contextmanager
def _round_trips():
    """The default cache's reads, one per get or get_many (the memory cache's get_many calls
    its own get for each key: those are not round trips)."""
    cache = caches["default"]
    trips, inside = [], []
    plain_get, plain_get_many = cache.get, cache.get_many

    def get(key, *args, **kwargs):
        if not inside:
            trips.append([key])
        return plain_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        trips.append(list(keys))
        inside.append(True)
        try:
            return plain_get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    with mock.patch.object(cache, "get", get), mock.patch.object(cache, "get_many", get_many):
        yield trips


def test_a_warm_signed_in_lesson_reads_the_cache_three_times_and_the_database_not_at_all(
    cast, settings
):
    settings.SESSION_ENGINE = "cadre_site.sessions"
    client = _signed_in(cast["learner"])
    url = cast["lesson"].url
    for _ in range(2):
        client.get(url)
    with _round_trips() as trips, CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert 'class="user-name"' in page and "quiz-passed" in page
    # The session, site and route; the user, roles, enrolments and attempts; the lesson body.
    assert len(trips) == 3, trips
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_without_a_shared_cache_every_request_reads_the_database(cast, settings):
    settings.USER_STATE_CACHE = False
    client = _signed_in(cast["learner"])
    url = cast["lesson"].url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    tables = " ".join(q["sql"] for q in queries)
    assert "cadres_user" in tables and "training_enrolment" in tables


def test_the_header_kept_for_a_user_follows_a_role_given_at_once(cast):
    learner = cast["learner"]
    client = _signed_in(learner)
    url = cast["lesson"].url
    office = f'href="{reverse("cadres:office_home")}"'
    assert office not in client.get(url).content.decode()
    assert office not in client.get(url).content.decode()  # the header now from the cache
    learner.groups.add(Group.objects.get(name=Role.COORDINATOR.value))
    assert office in client.get(url).content.decode()


def test_the_header_kept_for_a_user_gives_each_request_a_working_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["learner"])
    url = cast["lesson"].url
    client.get(url)
    page = client.get(url).content.decode()  # the header from the cache
    logout = page.index(f'action="{reverse("account_logout")}"')
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page[logout:]).group(1)
    assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert 'class="user-name"' not in client.get(url).content.decode()


def test_the_header_kept_for_a_user_marks_the_page_of_its_own_address(cast):
    client = _signed_in(cast["learner"])
    courses = reverse("training:my_courses")
    for url in (courses, cast["lesson"].url, courses):
        page = client.get(url).content.decode()
        assert (f'href="{courses}" aria-current="page"' in page) == (url == courses)


# --- A guard on the doors that send no signals ---

SILENT_WRITE = re.compile(
    r"\b(User|get_user_model\(\)|Group|groups\.through|Enrolment|Offering|LessonProgress|"
    r"QuizAttempt)\.objects\b[^\n]*\.(bulk_create|bulk_update|update|delete)\("
)


def test_every_module_writing_what_is_kept_per_user_without_signals_retires_it():
    """bulk_create, bulk_update and update() send no signals: a module that writes users,
    memberships, enrolments, classes or progress so retires what is kept per user itself."""
    assert modules_without(SILENT_WRITE, "user_state.changed_for") == []


@pytest.mark.parametrize("cookie", ["not-a-session", "a" * 32])
def test_an_unknown_session_cookie_reads_ahead_nothing_and_gets_the_public_page(
    cast, settings, cookie
):
    settings.SESSION_ENGINE = "cadre_site.sessions"
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    page = client.get(cast["course"].url)
    assert page.status_code == 200
    assert 'class="user-name"' not in page.content.decode()


def test_roles_read_in_a_transaction_that_rolls_back_are_not_kept(cast):
    """A group given and read in a transaction that then fails leaves nothing behind."""
    from django.db import transaction

    from cadres.roles import role_names

    officer = cast["officer"]
    group = Group.objects.get(name=Role.COORDINATOR.value)
    role_names(type(officer).objects.get(pk=officer.pk))  # kept in the cache
    with pytest.raises(RuntimeError), transaction.atomic():
        officer.groups.add(group)
        assert group.name in role_names(type(officer).objects.get(pk=officer.pk))
        raise RuntimeError("the rest of the service failed")
    assert group.name not in role_names(type(officer).objects.get(pk=officer.pk))
