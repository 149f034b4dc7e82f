"""Queries per page stay constant as a course gains lessons and a lesson gains blocks, both when
the cached fragment is cold (first visitor) and warm (everyone after)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.curriculum import factories

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, int]:
    """Queries of a cold render (empty cache) and of a warm one, after one visit warmed it.

    A first visit beforehand makes the image renditions, once per image for all time."""
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(cold), len(warm)


def _course_with(catalog, lessons: int):
    course = factories.course(catalog, title=f"Khóa có {lessons} bài")
    for number in range(lessons):
        factories.lesson(course, title=f"Bài {number + 1}")
    return course


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "cadre"])
def test_course_page_queries_do_not_grow_with_lessons(client, cadre_user, catalog, logged_in):
    if logged_in:
        client.force_login(cadre_user)
    small = _queries(client, _course_with(catalog, 3).url)
    large = _queries(client, _course_with(catalog, 12).url)
    assert small == large
    cold, warm = large
    assert warm < cold  # the fragment cache spares the lesson list and course facts
    assert cold <= 20, cold


@pytest.mark.parametrize("kinds", [("image_obj", "case"), ("doc",)], ids=["image+case", "doc"])
def test_lesson_page_queries_do_not_grow_with_blocks(
    client, cadre_user, catalog, private_doc, kinds
):
    client.force_login(cadre_user)
    available = {
        "image_obj": factories.image(),
        "doc": private_doc,
        "case": factories.case_study(factories.case_index()),
    }
    extras = {kind: available[kind] for kind in kinds}
    course = factories.course(catalog)
    short = factories.lesson(course, body=factories.rich_body(3, **extras))
    long = factories.lesson(course, body=factories.rich_body(30, **extras))
    assert (len(short.body), len(long.body)) == (3, 30)
    small = _queries(client, short.url)
    large = _queries(client, long.url)
    assert small == large
    cold, warm = large
    assert warm < cold
    assert cold <= 25, cold


def test_catalog_and_home_queries_do_not_grow_with_courses(client, catalog):
    image = factories.image()
    factories.course(catalog, cover_image=image)
    few = (_queries(client, catalog.url), _queries(client, "/"))
    for number in range(6):
        factories.course(catalog, title=f"Khóa {number}", cover_image=factories.image())
    many = (_queries(client, catalog.url), _queries(client, "/"))
    assert few == many


def test_case_study_index_queries_do_not_grow_with_case_studies(client, case_index):
    factories.case_study(case_index, cover_image=factories.image())
    few = _queries(client, case_index.url)
    for number in range(8):
        factories.case_study(
            case_index, title=f"Mô hình {number}", year=2020 + number, cover_image=factories.image()
        )
    assert _queries(client, case_index.url) == few


def test_search_queries_do_not_grow_with_results(client, cadre_user, catalog):
    client.force_login(cadre_user)
    course = factories.course(catalog, title="Dân vận khéo 0")
    factories.lesson(course, title="Dân vận khéo bài 0")
    few = _queries(client, "/search/?q=dan+van+kheo")
    for number in range(1, 6):
        other = factories.course(catalog, title=f"Dân vận khéo {number}")
        factories.lesson(other, title=f"Dân vận khéo bài {number}")
    assert _queries(client, "/search/?q=dan+van+kheo") == few
