"""The outbox: pages never fail because mail is down; emails go out later, once each."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cadres import mail as delivery
from cadres import queue
from cadres.models import EmailStatus, OutgoingEmail

pytestmark = pytest.mark.django_db
MAIL_DOWN = "tests.mail_backends.MailServerDown"
MAIL_UP = "django.core.mail.backends.locmem.EmailBackend"


def test_with_mail_down_an_account_opens_shows_its_link_and_is_emailed_later(
    client, settings, officer_a, cadre_in_a, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = MAIL_DOWN
    cadre_in_a.email = "anh@example.vn"
    cadre_in_a.save()
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cadres:cadre_account_open", args=[cadre_in_a.pk]))
    assert response.status_code == 200
    link = response.context["opened"][0].set_password_url
    assert link in response.content.decode()  # the officer can hand it over at once
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.recipient) == (
        EmailStatus.RETRYING,
        1,
        "anh@example.vn",
    )
    assert "Connection refused" in email.last_error and not mail.outbox

    settings.EMAIL_BACKEND = MAIL_UP
    assert queue.sweep()["emails_tried"] == 0  # not due yet: the back-off waits a minute
    OutgoingEmail.objects.update(
        next_attempt_at=F("next_attempt_at") - datetime.timedelta(minutes=2)
    )
    queue.sweep()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 2
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(hours=1))
    queue.sweep()
    assert len(mail.outbox) == 1  # sent once


def test_password_reset_with_mail_down_answers_as_usual(
    client, settings, coordinator, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = MAIL_DOWN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": coordinator.email})
    assert response.status_code == 302
    assert OutgoingEmail.objects.get().status == EmailStatus.RETRYING


def test_a_rolled_back_change_mails_nobody(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue.email_queue(kind="test", recipient="a@example.vn", subject="S", body="B")
        raise RuntimeError
    assert not OutgoingEmail.objects.exists() and not mail.outbox


def test_attempts_back_off_then_give_up(settings):
    settings.EMAIL_BACKEND = MAIL_DOWN
    email = OutgoingEmail.objects.create(
        kind="test", recipient="a@example.vn", subject="S", body="B"
    )
    now = timezone.now()
    waits = []
    while True:
        retry_at = delivery.deliver(email.pk, now=now)
        if retry_at is None:
            break
        waits.append(round((retry_at - now).total_seconds() / 60))
        now = retry_at
    assert waits == [1, 5, 30, 120, 720]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, delivery.MAX_ATTEMPTS)
    assert delivery.deliver(email.pk, now=now + datetime.timedelta(days=1)) is None  # given up


def test_two_deliveries_of_one_email_send_it_once():
    email = OutgoingEmail.objects.create(
        kind="test", recipient="a@example.vn", subject="S", body="B"
    )
    delivery.deliver(email.pk)
    delivery.deliver(email.pk)
    assert len(mail.outbox) == 1


def test_a_delivery_that_died_while_sending_is_tried_again():
    email = OutgoingEmail.objects.create(
        kind="test",
        recipient="a@example.vn",
        subject="S",
        body="B",
        status=EmailStatus.SENDING,
        next_attempt_at=timezone.now() - datetime.timedelta(hours=1),
    )
    queue.sweep()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and len(mail.outbox) == 1


def test_administrators_read_the_outbox_in_the_admin_and_nobody_edits_it(
    client, make_user, coordinator
):
    admin = make_user("quantri", is_superuser=True, is_staff=True)
    email = OutgoingEmail.objects.create(
        kind="test", recipient="a@example.vn", subject="Thư thử", body="B", last_error="refused"
    )
    client.force_login(admin)
    listing = client.get("/admin/outbox/")
    assert listing.status_code == 200 and "a@example.vn" in listing.content.decode()
    inspect = client.get(f"/admin/outbox/inspect/{email.pk}/")
    assert inspect.status_code == 200 and "refused" in inspect.content.decode()
    assert client.get(f"/admin/outbox/edit/{email.pk}/").status_code in (302, 403)
    assert client.get("/admin/outbox/new/").status_code in (302, 403)
    client.force_login(coordinator)
    assert client.get("/admin/outbox/").status_code in (302, 403)
