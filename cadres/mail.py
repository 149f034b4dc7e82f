"""Delivering the outbox: one attempt at an email, and the back-off between attempts.

Emails are written to the outbox (cadres.queue.email_queue) in the transaction that caused
them and delivered here by a background task after the commit. A failed attempt is retried
after 1, 5, 30, 120 and 720 minutes; after the last one the email stays "failed" for an
administrator to see. Sending is claimed first, so two deliveries of one email send it once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.utils import timezone

from cadres.models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

RETRY_AFTER_MINUTES = (1, 5, 30, 120, 720)
MAX_ATTEMPTS = len(RETRY_AFTER_MINUTES) + 1
# A delivery that claimed an email and then died (a killed worker) is retried after this.
SENDING_TIMEOUT = timedelta(minutes=15)
DUE_STATUSES = (EmailStatus.QUEUED, EmailStatus.RETRYING)
OUTBOX_BACKEND = "cadres.mail_backend.OutboxBackend"


def delivery_backend() -> str:
    """What actually sends: OUTBOX_DELIVERY_BACKEND while EMAIL_BACKEND is the outbox itself
    (cadres.mail_backend); otherwise EMAIL_BACKEND (tests replace it with Django's locmem)."""
    if settings.EMAIL_BACKEND == OUTBOX_BACKEND:
        return settings.OUTBOX_DELIVERY_BACKEND
    return settings.EMAIL_BACKEND


def retry_delay(attempts: int) -> timedelta | None:
    """How long to wait after the attempt numbered `attempts` failed; None: give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return timedelta(minutes=RETRY_AFTER_MINUTES[attempts - 1])


def _claim(email_id: int, now) -> bool:
    return bool(
        OutgoingEmail.objects.filter(
            pk=email_id, status__in=DUE_STATUSES, next_attempt_at__lte=now
        ).update(status=EmailStatus.SENDING, next_attempt_at=now)
    )


def deliver(email_id: int, *, now=None):
    """Try to send the email once; returns when to try again, or None (sent, given up, not due)."""
    now = now or timezone.now()
    if not _claim(email_id, now):
        return None
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.body, to=[email.recipient])
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    attempts = email.attempts + 1
    try:
        get_connection(delivery_backend(), fail_silently=False).send_messages([message])
    except Exception as error:  # any failure of the mail server: keep the email, try later
        delay = retry_delay(attempts)
        logger.warning("Email %s not sent (attempt %d): %s", email_id, attempts, error)
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.RETRYING if delay else EmailStatus.FAILED,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=now + delay if delay else now,
        )
        return now + delay if delay else None
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT, attempts=attempts, sent_at=timezone.now(), last_error=""
    )
    return None


def due_emails(now=None):
    """Emails whose next attempt is due, and deliveries that claimed an email and then died."""
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(
        Q(status__in=DUE_STATUSES, next_attempt_at__lte=now)
        | Q(status=EmailStatus.SENDING, next_attempt_at__lt=now - SENDING_TIMEOUT)
    )


def release_dead_sending(now=None) -> int:
    """Deliveries stuck in "sending" (their worker died) become due again."""
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(
        status=EmailStatus.SENDING, next_attempt_at__lt=now - SENDING_TIMEOUT
    ).update(status=EmailStatus.RETRYING, next_attempt_at=now)
