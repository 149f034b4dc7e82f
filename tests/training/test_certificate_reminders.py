"""send_reminders: holders and their personnel officers hear of expiring certificates, once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from training.models import Certificate, SentReminder

pytestmark = pytest.mark.django_db


def _expire_in(certificate, days):
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=today - datetime.timedelta(days=700),
        course_start=today - datetime.timedelta(days=730),
        course_end=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=days),
    )


@pytest.fixture
def expiring(certificate, learner):
    learner.email = "anh.nguyen@example.vn"
    learner.save(update_fields=["email"])
    _expire_in(certificate, 30)
    return certificate


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def send_reminders():
        # The command queues the emails; the outbox sends them once the command's work commits.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    return send_reminders


def test_holder_and_their_officer_are_reminded_once(run, expiring, officer_a, officer_b):
    run()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["anh.nguyen@example.vn", "tochuc.a@example.vn"]  # not officer_b
    holder = next(m for m in mail.outbox if m.to == ["anh.nguyen@example.vn"])
    assert "sắp hết hạn" in holder.subject
    assert "Kính gửi đồng chí Nguyễn Thị Ánh" in holder.body
    assert expiring.number in holder.body
    officer = next(m for m in mail.outbox if m.to == ["tochuc.a@example.vn"])
    assert "Nguyễn Thị Ánh" in officer.body and "đôn đốc" in officer.body
    assert SentReminder.objects.count() == 2
    run()
    assert len(mail.outbox) == 2  # a second run sends nothing new


def test_the_cadre_record_email_is_used_without_a_login_email(run, expiring, cadre_in_a):
    cadre_in_a.user.email = ""
    cadre_in_a.user.save(update_fields=["email"])
    cadre_in_a.email = "anh.coquan@example.vn"
    cadre_in_a.save(update_fields=["email"])
    run()
    assert [m.to for m in mail.outbox] == [["anh.coquan@example.vn"]]


def test_far_expired_revoked_and_renewed_certificates_are_not_reminded(
    run, certificate, learner, coordinator, make_offering, cadre_in_a, complete, officer_a
):
    learner.email = "anh.nguyen@example.vn"
    learner.save(update_fields=["email"])
    _expire_in(certificate, 200)
    run()
    assert mail.outbox == []
    _expire_in(certificate, 10)
    from training import services

    renewed = complete(cadre_in_a, make_offering("LOP-LAI", approval_required=False))
    assert renewed.certificates.exists()
    run()
    assert mail.outbox == []  # the newer certificate renews it
    services.certificate_revoke(
        actor=coordinator, certificate=renewed.certificates.get(), reason="Thử."
    )
    services.certificate_revoke(actor=coordinator, certificate=certificate, reason="Thử.")
    run()
    assert mail.outbox == []


def test_officers_are_reminded_along_their_scopes_and_leaders_are_not(
    run, expiring, make_user, province, agency_b
):
    from cadres.models import AgencyKind, Scope
    from cadres.roles import Role

    # A kind scope holding the holder's People's Committee, one holding only Front bodies,
    # an officer with a withdrawn scope on the holder's agency, and a leader who follows it.
    commune_committees = make_user("noivu", role=Role.PERSONNEL_OFFICER, email="noivu@example.vn")
    Scope.objects.create(user=commune_committees, agency=province).kinds.set(
        AgencyKind.objects.filter(code="uy-ban-nhan-dan")
    )
    front = make_user("mattran", role=Role.PERSONNEL_OFFICER, email="mattran@example.vn")
    Scope.objects.create(user=front).kinds.set(AgencyKind.objects.filter(code="uy-ban-mttq"))
    gone = make_user("cu", role=Role.PERSONNEL_OFFICER, email="cu@example.vn")
    now = timezone.now()
    Scope.objects.create(
        user=gone,
        agency=province,
        granted_at=now - datetime.timedelta(days=30),
        withdrawn_at=now,
    )
    make_user("lanhdao", role=Role.LEADER, email="lanhdao@example.vn", agency=province)
    run()
    assert sorted(m.to[0] for m in mail.outbox) == ["anh.nguyen@example.vn", "noivu@example.vn"]
