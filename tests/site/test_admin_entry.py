import pytest

pytestmark = pytest.mark.django_db


def test_admin_login_redirects_to_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_anonymous_admin_visit_ends_at_the_site_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "Đăng nhập" in response.content.decode()


def test_editor_sees_the_admin_in_vietnamese(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Trang" in html


def test_cadre_cannot_enter_the_admin(client, cadre_user):
    client.force_login(cadre_user)
    response = client.get("/admin/")
    assert response.status_code == 302
