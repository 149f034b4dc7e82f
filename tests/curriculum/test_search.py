"""Search at /search/?q=: one list over courses, lessons, resources and case studies, found with or
without Vietnamese marks, on SQLite and on PostgreSQL, showing only what the visitor may read."""

import copy
import html
import re

import pytest
from django.urls import reverse

from curriculum.forms import QUERY_TOO_LONG, QUERY_TOO_SHORT
from tests.curriculum import factories

# Each test runs once on the default database (SQLite) and once more in CI's PostgreSQL run.
DATABASES = [
    pytest.param("default", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=DATABASES)
def content(request, settings, db):
    # The production search settings (test settings replace them): "simple" config on PostgreSQL.
    from cadre_site.settings import base

    settings.WAGTAILSEARCH_BACKENDS = copy.deepcopy(base.WAGTAILSEARCH_BACKENDS)
    catalog = factories.catalog()
    course = factories.course(
        catalog,
        title="Phong trào Dân vận khéo ở cơ sở",
        summary="Cách xây dựng và nhân rộng mô hình.",
    )
    other_course = factories.course(
        catalog, title="Kỹ năng số", summary="Dùng điện thoại thông minh an toàn."
    )
    lesson = factories.lesson(course, title="Tổ dân vận và đồng bào dân tộc")
    cases = factories.case_index()
    case = factories.case_study(
        cases, title="Hiến đất mở đường", summary="Đỗ Văn An vận động đồng bào."
    )
    resources = factories.resource_index()
    resource = factories.resource(resources, title="Hướng dẫn đối thoại với đồng bào")
    return {
        "course": course,
        "other_course": other_course,
        "lesson": lesson,
        "case": case,
        "resource": resource,
    }


def _titles(client, query):
    # Read from the page itself: a visitor's repeated search is served whole from the cache.
    response = client.get(reverse("curriculum:search"), {"q": query})
    assert response.status_code == 200
    found = re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', response.content.decode())
    return {html.unescape(title) for title in found}


@pytest.mark.parametrize(
    "query", ["Dân vận khéo", "dan van kheo", "DAN VAN KHEO", "dân van khéo", "dan   van kheo"]
)
def test_finds_dan_van_kheo_with_or_without_marks(client, content, query):
    assert content["course"].title in _titles(client, query)
    assert content["other_course"].title not in _titles(client, query)


def test_dong_bao_finds_dong_bao_with_d_stroke(client, content, cadre_user):
    client.force_login(cadre_user)
    titles = _titles(client, "dong bao")
    assert {content["lesson"].title, content["resource"].title} <= titles
    assert titles == _titles(client, "đồng bào")


def test_short_folded_words_are_not_dropped(client, content):
    # "Đỗ Văn An" folds to "do van an": English stop words on PostgreSQL's default config.
    assert content["case"].title in _titles(client, "do van an")


def test_anonymous_visitors_get_no_lessons_or_resources(client, content):
    titles = _titles(client, "dong bao")
    assert content["lesson"].title not in titles
    assert content["resource"].title not in titles
    assert content["case"].title in titles  # public material still shows
    html = client.get(reverse("curriculum:search"), {"q": "dong bao"}).content.decode()
    assert "Đăng nhập để tìm cả bài học và văn bản." in html


def test_results_show_type_title_link_and_snippet(client, content, cadre_user):
    client.force_login(cadre_user)
    response = client.get(reverse("curriculum:search"), {"q": "dong bao"})
    hits = {hit.title: hit for hit in response.context["hits"]}
    lesson_hit = hits[content["lesson"].title]
    assert lesson_hit.type_label == "Bài học"
    assert lesson_hit.url == content["lesson"].url
    assert lesson_hit.snippet == content["lesson"].summary
    html = response.content.decode()
    assert "Văn bản, tài liệu" in html or "Văn bản" in html
    assert f'href="{content["lesson"].url}"' in html


def test_quiz_explanations_never_show_in_snippets(client, content, cadre_user):
    client.force_login(cadre_user)
    html = client.get(reverse("curriculum:search"), {"q": "lang nghe"}).content.decode()
    assert "GIAI-THICH-BI-MAT" not in html


def test_unpublished_pages_are_not_found(client, content):
    content["course"].unpublish()
    assert content["course"].title not in _titles(client, "dan van kheo")


@pytest.mark.parametrize("query, message", [("a", QUERY_TOO_SHORT), ("x" * 201, QUERY_TOO_LONG)])
def test_bad_queries_get_a_vietnamese_message(client, db, query, message):
    response = client.get(reverse("curriculum:search"), {"q": query})
    assert response.status_code == 200
    assert response.context["hits"] is None
    assert str(message) in response.content.decode()


def test_empty_search_page_shows_only_the_form(client, db):
    response = client.get(reverse("curriculum:search"))
    assert response.status_code == 200
    assert response.context["hits"] is None
    assert 'name="q"' in response.content.decode()


def test_no_match_says_so(client, content):
    html = client.get(reverse("curriculum:search"), {"q": "khongcogi"}).content.decode()
    assert "Không có kết quả nào cho “khongcogi”" in html


def test_case_studies_are_found_by_movement_and_field(client, content):
    assert content["case"].title in _titles(client, "dan van kheo")
    assert content["case"].title in _titles(client, "nong thon moi")  # its field, folded
    assert content["case"].title not in _titles(client, "kinh te")
