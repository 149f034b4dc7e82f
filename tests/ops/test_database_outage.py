"""While the database is down, pages that need it say so in Vietnamese with a 503, not a 500."""

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def _outage(error):
    def refuse(execute, sql, params, many, context):
        raise error

    return connection.execute_wrapper(refuse)


@pytest.fixture
def browser():
    # A browser sees the error page; the test client would otherwise re-raise the exception.
    return Client(raise_request_exception=False)


def test_a_page_answers_503_in_vietnamese_with_retry_after_while_the_database_is_down(browser):
    with _outage(OperationalError("the database system is shutting down")):
        response = browser.get("/office/", secure=True)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Hệ thống tạm thời không hoạt động" in page
    assert 'lang="vi"' in page


def test_a_signed_in_cadre_gets_the_503_page_when_even_the_session_cannot_be_read(
    browser, cadre_user
):
    browser.force_login(cadre_user)
    with _outage(OperationalError("connection refused")):
        response = browser.get("/me/notices/", secure=True)
    assert response.status_code == 503
    assert "Hệ thống tạm thời không hoạt động" in response.content.decode()


def test_the_language_switcher_cookie_chooses_english(browser):
    browser.cookies["cadre_language"] = "en"
    with _outage(OperationalError("connection refused")):
        response = browser.get("/office/", secure=True)
    assert response.status_code == 503
    assert "The system is temporarily unavailable" in response.content.decode()


def test_a_fault_in_the_code_is_still_a_500(browser):
    with _outage(ProgrammingError('relation "x" does not exist')):
        response = browser.get("/office/", secure=True)
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_the_site_answers_again_once_the_database_is_back(browser, cadre_user):
    browser.force_login(cadre_user)
    with _outage(OperationalError("connection refused")):
        assert browser.get("/me/notices/", secure=True).status_code == 503
    assert browser.get("/me/notices/", secure=True).status_code == 200
