"""Who may read what: catalog, courses and case studies are public; lessons, resources and the
private documents need a login (anonymous visitors go to the login page and come back)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _login_redirect(response, next_url):
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert f"next={next_url}" in response["Location"].replace("%2F", "/")


def test_anonymous_reads_catalog_course_and_case_studies(client, catalog, course, case_study):
    for page in (catalog, course, case_study, case_study.get_parent()):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()


def test_catalog_link_leads_to_the_live_catalog(client, catalog):
    response = client.get(reverse("curriculum:catalog"))
    assert response.status_code == 302
    assert response["Location"] == catalog.url


def test_catalog_link_is_404_without_a_catalog(client, db):
    assert client.get(reverse("curriculum:catalog")).status_code == 404


def test_anonymous_is_sent_to_login_from_a_lesson(client, lesson):
    _login_redirect(client.get(lesson.url), lesson.url)


def test_logged_in_cadre_reads_a_lesson(client, cadre_user, lesson):
    client.force_login(cadre_user)
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert lesson.title in response.content.decode()


def test_anonymous_is_sent_to_login_from_resources(client, resource):
    _login_redirect(client.get(resource.url), resource.url)
    index = resource.get_parent()
    _login_redirect(client.get(index.url), index.url)


def test_logged_in_cadre_reads_resources(client, cadre_user, resource):
    client.force_login(cadre_user)
    assert client.get(resource.url).status_code == 200
    listing = client.get(resource.get_parent().url)
    assert resource.title in listing.content.decode()


def test_private_document_needs_a_login(client, cadre_user, private_doc):
    url = private_doc.url
    assert url.startswith("/documents/")  # served through Wagtail, so the collection rule applies
    _login_redirect(client.get(url), url)
    client.force_login(cadre_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_anonymous_course_page_lists_lessons_but_asks_to_log_in(client, course, lesson):
    html = client.get(course.url).content.decode()
    assert lesson.title in html
    assert "Đăng nhập để đọc bài học" in html


def test_quiz_check_needs_a_login(client, lesson):
    block_id = lesson.quiz_block_ids[0]
    url = reverse("curriculum:quiz_check", args=[lesson.pk, block_id])
    response = client.post(url, {})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unpublished_lesson_is_404_even_logged_in(client, cadre_user, lesson):
    url = lesson.url
    lesson.unpublish()
    client.force_login(cadre_user)
    assert client.get(url).status_code == 404
