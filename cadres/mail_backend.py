"""An email backend that puts every message into the outbox (cadres.queue), for the mail that
code outside this project sends through Django (Wagtail's moderation and workflow notices):
it then leaves after the commit, is retried while the mail server is down, and shows in the
recipient's notices like the project's own. The outbox delivers with OUTBOX_DELIVERY_BACKEND.
"""

from django.contrib.auth import get_user_model
from django.core.mail.backends.base import BaseEmailBackend

KIND = "site_notice"  # Wagtail's notices and any other mail sent through Django


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from cadres import queue  # queue imports the tasks; settings load this module early

        users = get_user_model().objects
        count = 0
        for message in email_messages:
            recipients = list(message.to)  # the outbox keeps one email per address (no cc/bcc)
            for recipient in recipients:
                message.to = [recipient]
                user = users.filter(email__iexact=recipient, is_active=True).first()
                count += len(queue.email_queue_message(message, kind=KIND, user=user))
            message.to = recipients
        return count
