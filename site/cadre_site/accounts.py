"""django-allauth adapter: accounts are created by personnel departments, never by sign-up, and
allauth's emails (password reset, for instance) go through the outbox like every other email."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from cadres import queue
from cadres.client import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # Rendered now, in the request's language; sent after the commit, retried if mail is down.
        message = self.render_mail(template_prefix, email, context)
        user = context.get("user")
        queue.email_queue_message(
            message, kind=template_prefix[:60], user=user if getattr(user, "pk", None) else None
        )

    def get_client_ip(self, request):
        # One rule for every per-address limit: the trusted proxy count (cadres.client).
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
