"""Revocation with a reason by coordinators only; reissue keeps the old one, revoked, in history."""

import pytest
from django.urls import reverse

from training import services
from training.models import Certificate
from training.services import TrainingError

pytestmark = pytest.mark.django_db


def _url(certificate):
    return reverse("training:certificate_revoke", args=[certificate.pk])


def test_coordinator_revokes_with_a_reason(client, certificate, coordinator):
    client.force_login(coordinator)
    assert client.get(_url(certificate)).status_code == 200
    response = client.post(_url(certificate), {"reason": "Cấp nhầm lớp."})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.state == "revoked"
    assert certificate.revoke_reason == "Cấp nhầm lớp."
    assert certificate.revoked_by == coordinator


def test_no_reason_no_change_and_a_vietnamese_message(client, certificate, coordinator):
    client.force_login(coordinator)
    response = client.post(_url(certificate), {"reason": "   "})
    assert response.status_code == 200
    assert "Hãy nêu lý do thu hồi" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    with pytest.raises(TrainingError) as error:
        services.certificate_revoke(actor=coordinator, certificate=certificate, reason="")
    assert error.value.messages == ["Hãy nêu lý do thu hồi chứng chỉ, giấy chứng nhận."]


@pytest.mark.parametrize("who", ["officer_a", "learner", "officer_b", "learner_b"])
def test_only_coordinators_revoke(client, certificate, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(certificate)).status_code == 404
    assert client.post(_url(certificate), {"reason": "Thử."}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_anonymous_users_log_in_first(client, certificate):
    response = client.post(_url(certificate), {"reason": "Thử."})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_service_refuses_non_coordinators(certificate, officer_a):
    with pytest.raises(TrainingError):
        services.certificate_revoke(actor=officer_a, certificate=certificate, reason="Thử.")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_reissue_keeps_the_old_one_revoked_in_history(client, certificate, coordinator):
    client.force_login(coordinator)
    client.post(_url(certificate), {"reason": "Sai ngày sinh.", "reissue": "on"})
    certificate.refresh_from_db()
    new = Certificate.objects.exclude(pk=certificate.pk).get()
    assert certificate.state == "revoked"
    assert new.state == "valid" and new.replaces == certificate
    assert new.enrolment == certificate.enrolment
    assert new.serial == certificate.serial + 1
    assert new.verification_code != certificate.verification_code


def test_revoking_twice_is_refused(certificate, coordinator):
    services.certificate_revoke(actor=coordinator, certificate=certificate, reason="Một.")
    with pytest.raises(TrainingError) as error:
        services.certificate_revoke(actor=coordinator, certificate=certificate, reason="Hai.")
    assert "đã bị thu hồi" in error.value.messages[0]
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "Một."
