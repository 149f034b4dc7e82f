"""Accounts for cadres: username = personnel code, set-password link by email or by hand, locked on leaving."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from cadres import services
from cadres.roles import Role, has_role

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Mật-khẩu-mới-2027!"


def set_password_through(client, url: str, password: str):
    path = url.split("testserver", 1)[-1].replace("http://127.0.0.1:8000", "")
    page = client.get(path, follow=True)
    target = page.redirect_chain[-1][0] if page.redirect_chain else path
    return client.post(target, {"password1": password, "password2": password})


def test_a_cadre_with_email_gets_a_vietnamese_email_with_a_working_link(
    client, officer_a, cadre_in_a, django_capture_on_commit_callbacks
):
    cadre_in_a.email = "anh@example.vn"
    cadre_in_a.save()
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cadres:cadre_account_open", args=[cadre_in_a.pk]))
    assert response.status_code == 200
    cadre_in_a.refresh_from_db()
    user = cadre_in_a.user
    assert user.username == "CB-A-001" and user.email == "anh@example.vn"
    assert (user.last_name, user.first_name) == ("Nguyễn Thị", "Ánh")
    assert has_role(user, Role.CADRE) and not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anh@example.vn"]
    assert "Tài khoản" in message.subject and "Kính gửi đồng chí Nguyễn Thị Ánh" in message.body
    assert "mật khẩu" in message.body and "CB-A-001" in message.body
    url = re.search(r"http://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    client.logout()
    assert set_password_through(client, url, NEW_PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert (
        client.post("/accounts/login/", {"login": "CB-A-001", "password": NEW_PASSWORD}).status_code
        == 302
    )


def test_without_email_the_officer_gets_a_link_that_works_once(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    response = client.post(reverse("cadres:cadre_account_open", args=[cadre_in_a.pk]))
    assert len(mail.outbox) == 0
    (opened,) = response.context["opened"]
    assert not opened.emailed and opened.set_password_url in response.content.decode()
    client.logout()
    assert set_password_through(client, opened.set_password_url, NEW_PASSWORD).status_code == 302
    # Second use: the token died with the old password, so no form is offered.
    again = client.get(opened.set_password_url.split("127.0.0.1:8000", 1)[-1], follow=True)
    assert again.context.get("token_fail") is True
    assert "password1" not in again.content.decode()


def test_accounts_open_in_bulk_for_serving_cadres_without_one(
    client, officer_a, make_cadre, agency_a_unit, django_capture_on_commit_callbacks
):
    for i in range(5):
        make_cadre(
            f"CB{i}", f"Lê Văn {i}", agency_a_unit, email=f"le{i}@example.vn" if i % 2 else ""
        )
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cadres:cadre_accounts_open"))
    opened = response.context["opened"]
    assert len(opened) == 5
    assert len(mail.outbox) == 2
    assert get_user_model().objects.filter(username__startswith="CB", is_active=True).count() == 5
    response = client.post(reverse("cadres:cadre_accounts_open"), follow=True)
    assert "đều đã có tài khoản" in response.content.decode()


def test_an_existing_login_with_the_same_code_refuses_the_whole_batch(
    officer_a, make_cadre, agency_a_unit, make_user
):
    cadres = [make_cadre(f"CB{i}", f"Lê Văn {i}", agency_a_unit) for i in range(3)]
    make_user("CB2")
    with pytest.raises(services.RegistryError) as error:
        services.cadre_accounts_open(actor=officer_a, cadres=cadres)
    assert error.value.message == services.ACCOUNT_USERNAME_TAKEN
    assert str(error.value.message) == "Đã có tài khoản đăng nhập trùng mã cán bộ này."
    assert all(c.user_id is None for c in cadres)


def test_leaving_deactivates_the_account_and_a_new_post_reactivates_it(
    officer_a, cadre_in_a, agency_a_unit
):
    opened = services.cadre_account_open(actor=officer_a, cadre=cadre_in_a)
    user = opened.cadre.user
    services.cadre_leave(actor=officer_a, cadre=cadre_in_a, end_date=datetime.date(2026, 3, 31))
    user.refresh_from_db()
    assert not user.is_active
    assert not cadre_in_a.postings.filter(end_date__isnull=True).exists()
    with pytest.raises(services.RegistryError):
        services.cadre_account_open(actor=officer_a, cadre=cadre_in_a)  # already has one
    services.cadre_transfer(
        actor=officer_a,
        cadre=cadre_in_a,
        agency=agency_a_unit,
        start_date=datetime.date(2026, 9, 1),
    )
    user.refresh_from_db()
    assert user.is_active


def test_an_account_cannot_open_for_a_cadre_who_left(officer_a, cadre_in_a):
    services.cadre_leave(actor=officer_a, cadre=cadre_in_a, end_date=datetime.date(2026, 3, 31))
    with pytest.raises(services.RegistryError) as error:
        services.cadre_account_open(actor=officer_a, cadre=cadre_in_a)
    assert error.value.message == services.ACCOUNT_CADRE_LEFT
