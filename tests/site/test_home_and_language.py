import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đào tạo, bồi dưỡng cán bộ dân vận" in html
    assert "Đăng nhập" in html


def test_browser_language_does_not_switch_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()


def test_switcher_chooses_english_with_a_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


def test_switcher_stores_the_choice_on_the_user(client, cadre_user):
    client.force_login(cadre_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cadre_user.refresh_from_db()
    assert cadre_user.language == "en"
    # A new browser (no cookie) still gets the user's language after logging in.
    other = type(client)()
    other.force_login(cadre_user)
    assert '<html lang="en">' in other.get("/").content.decode()


def test_switcher_refuses_an_unknown_language_and_foreign_redirects(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_404_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert '<html lang="vi">' in html


def _menu(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('id="main-menu"') : html.index("</ul>", html.index('id="main-menu"'))]


def test_the_menu_offers_a_learners_pages_to_cadres_only(client, cadre_user, personnel_officer):
    client.force_login(cadre_user)
    assert "Khóa học của tôi" in _menu(client) and "Chứng chỉ của tôi" in _menu(client)
    # An officer's account belongs to no cadre: those pages would answer 404.
    client.force_login(personnel_officer)
    menu = _menu(client)
    assert "Nghiệp vụ" in menu
    assert "Khóa học của tôi" not in menu and "Lớp học" not in menu
