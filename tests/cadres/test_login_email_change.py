"""A login's email changes only with its holder's word (or a coordinator's, for cadre logins).

Finding 1 of the security review: an officer typed a new email on a cadre whose login was a
coordinator's, the login took it, and a password reset then went to the officer's address.
"""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from cadres.roles import Role

pytestmark = pytest.mark.django_db

ATTACKER = "ke.gian@example.vn"


def _edit(client, cadre, email):
    from cadres.forms import CadreDetailsForm

    data = {k: v for k, v in CadreDetailsForm.initial_from(cadre).items() if v not in (None, "")}
    data["date_of_birth"] = cadre.date_of_birth.strftime("%d/%m/%Y")
    data.pop("category", None)
    data["is_party_member"] = "on" if cadre.is_party_member else ""
    data["email"] = email
    return client.post(reverse("cadres:cadre_edit", args=[cadre.pk]), data)


@pytest.fixture
def cadre_login(make_user, cadre_in_a):
    user = make_user("CB-A-001", role=Role.CADRE, email="anh@example.vn")
    cadre_in_a.user = user
    cadre_in_a.email = "anh@example.vn"
    cadre_in_a.save()
    return user


def test_an_officer_cannot_move_a_staff_login_to_another_address(
    client, officer_a, cadre_in_a, cadre_login, django_capture_on_commit_callbacks
):
    cadre_login.groups.add(Group.objects.get(name=Role.COORDINATOR.value))
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client, cadre_in_a, ATTACKER)
    assert response.status_code == 302
    cadre_login.refresh_from_db()
    assert cadre_login.email == "anh@example.vn" and cadre_login.pending_email == ""
    # And a password reset for the new address reaches nobody.
    client.logout()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": ATTACKER})
    assert not [m for m in mail.outbox if ATTACKER in m.to and "/reset/key/" in m.body]


def test_an_officers_change_waits_for_the_holder_who_is_told_at_the_old_address(
    client, officer_a, cadre_in_a, cadre_login, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client, cadre_in_a, ATTACKER)
    assert response.status_code == 302
    cadre_login.refresh_from_db()
    assert cadre_login.email == "anh@example.vn"
    assert cadre_login.pending_email == ATTACKER
    (notice,) = mail.outbox
    assert notice.to == ["anh@example.vn"] and ATTACKER in notice.body
    assert reverse("cadres:login_email_confirm") in notice.body

    # The holder confirms on their own page.
    client.force_login(cadre_login)
    page = client.get(reverse("cadres:login_email_confirm"))
    assert page.status_code == 200 and ATTACKER in page.content.decode()
    assert client.post(reverse("cadres:login_email_confirm"), {"confirm": "1"}).status_code == 302
    cadre_login.refresh_from_db()
    assert (cadre_login.email, cadre_login.pending_email) == (ATTACKER, "")


def test_the_holder_can_refuse_the_change(client, officer_a, cadre_in_a, cadre_login):
    client.force_login(officer_a)
    _edit(client, cadre_in_a, ATTACKER)
    client.force_login(cadre_login)
    client.post(reverse("cadres:login_email_confirm"), {"refuse": "1"})
    cadre_login.refresh_from_db()
    assert (cadre_login.email, cadre_login.pending_email) == ("anh@example.vn", "")


def test_a_coordinator_changes_a_cadre_login_at_once_and_the_old_address_is_told(
    client, coordinator, cadre_in_a, cadre_login, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(client, cadre_in_a, "anh.moi@example.vn")
    cadre_login.refresh_from_db()
    assert cadre_login.email == "anh.moi@example.vn"
    (notice,) = mail.outbox
    assert notice.to == ["anh@example.vn"] and "anh.moi@example.vn" in notice.body


def test_a_coordinator_does_not_change_a_staff_login_either(
    client, coordinator, cadre_in_a, cadre_login
):
    cadre_login.groups.add(Group.objects.get(name=Role.PERSONNEL_OFFICER.value))
    client.force_login(coordinator)
    _edit(client, cadre_in_a, ATTACKER)
    cadre_login.refresh_from_db()
    assert cadre_login.email == "anh@example.vn"
    assert cadre_login.pending_email == ATTACKER  # its holder may still take it


def test_the_confirmation_page_needs_a_login_and_shows_nothing_without_a_pending_change(
    client, cadre_login
):
    url = reverse("cadres:login_email_confirm")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(cadre_login)
    assert client.post(url, {"confirm": "1"}).status_code == 302
    cadre_login.refresh_from_db()
    assert cadre_login.email == "anh@example.vn"
