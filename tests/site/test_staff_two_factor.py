import pytest
from allauth.mfa.models import Authenticator

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOTP_SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_STAFF_MFA = True


@pytest.mark.parametrize(
    "role_fixture", ["editor", "moderator", "personnel_officer", "coordinator", "leader"]
)
def test_staff_without_totp_is_sent_to_set_it_up(client, mfa_required, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(TOTP_SETUP)


def test_staff_entering_through_admin_is_sent_to_set_it_up(client, mfa_required, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(TOTP_SETUP)
    assert "next=/admin/" in response["Location"]


def test_setup_page_is_reachable_after_confirming_the_password(client, mfa_required, editor):
    client.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    response = client.get("/", follow=True)
    # allauth asks for the password again before showing the TOTP set-up.
    urls = [url for url, _status in response.redirect_chain]
    assert urls[0].startswith(TOTP_SETUP)
    assert urls[-1].startswith("/accounts/reauthenticate/")
    assert "Xác nhận" in response.content.decode()
    response = client.post(urls[-1], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith(TOTP_SETUP)
    html = response.content.decode()
    assert "Xác thực" in html or "xác thực" in html
    assert 'name="code"' in html


def test_staff_with_totp_goes_through(client, mfa_required, editor):
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(editor)
    assert client.get("/").status_code == 200


def test_cadres_are_not_forced(client, mfa_required, cadre_user):
    client.force_login(cadre_user)
    assert client.get("/").status_code == 200


def test_the_rule_is_off_in_development(client, settings, editor):
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(editor)
    assert client.get("/").status_code == 200


def test_staff_with_an_unverified_email_can_still_set_it_up(client, mfa_required, editor):
    # allauth refuses two-factor to a login with an unverified address (to stop someone signing
    # up with another's email); here logins are made by personnel departments, never signed up
    # for, and the refusal sent staff back to the set-up page forever.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=editor, email=editor.email, verified=False, primary=True)
    client.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    response = client.get("/", follow=True)
    urls = [url for url, _status in response.redirect_chain]
    if urls[-1].startswith("/accounts/reauthenticate/"):
        response = client.post(urls[-1], {"password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(TOTP_SETUP)
    assert 'name="code"' in response.content.decode()
