import re

import pytest
from django.core import mail

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH_ALLAUTH_WORDS = ["Sign In", "Password", "Remember Me", "Forgot", "Username", "E-mail"]


def test_login_page_has_vietnamese_labels_only(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    for word in ["Đăng nhập", "Mật khẩu", "Quên mật khẩu"]:
        assert word in html
    visible = re.sub(r"<[^>]+>", " ", html)
    for word in ENGLISH_ALLAUTH_WORDS:
        assert word not in visible, word


def test_cadre_logs_in_with_personnel_code(client, cadre_user):
    response = client.post("/accounts/login/", {"login": "CB100001", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == cadre_user


def test_staff_logs_in_with_email(client, coordinator):
    response = client.post(
        "/accounts/login/", {"login": "dieuphoi@example.vn", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == coordinator


def test_wrong_password_gets_a_vietnamese_message(client, cadre_user):
    response = client.post("/accounts/login/", {"login": "CB100001", "password": "sai"})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_logout(client, cadre_user):
    client.force_login(cadre_user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_login_is_rate_limited_after_repeated_failures(client, cadre_user):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "CB100001", "password": "sai"})
    response = client.post("/accounts/login/", {"login": "CB100001", "password": PASSWORD})
    # Even the right password is refused while the limit holds.
    assert "/accounts/login/" in response.wsgi_request.path
    assert response.status_code in (200, 429)
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


def test_password_reset_sends_a_vietnamese_email(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        response = client.post("/accounts/password/reset/", {"email": "dieuphoi@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "mật khẩu" in (message.subject + message.body).lower()
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    path = link.split("testserver", 1)[-1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "Mật-khẩu-mới-2027!"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(new_password)


def test_password_change_page_is_vietnamese(client, cadre_user):
    client.force_login(cadre_user)
    html = client.get("/accounts/password/change/").content.decode()
    assert "Đổi mật khẩu" in html


def test_there_is_no_open_signup(client, django_user_model):
    response = client.get("/accounts/signup/")
    assert "Tạm dừng đăng ký" in response.content.decode()
    assert 'name="password1"' not in response.content.decode()
    client.post(
        "/accounts/signup/",
        {
            "email": "la@example.vn",
            "username": "la",
            "password1": "Xx-123456!",
            "password2": "Xx-123456!",
        },
    )
    assert not django_user_model.objects.filter(username="la").exists()
