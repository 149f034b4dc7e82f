"""django-allauth adapter: accounts are created by personnel departments, never by sign-up, and
allauth's emails (password reset, for instance) go through the outbox like every other email."""

from allauth.account.adapter import DefaultAccountAdapter

from cadres import queue


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
