"""Send every reminder that is due (run from cron, e.g. daily); a second run sends nothing new."""

from django.core.management.base import BaseCommand

from training import services

# (name, function(today=None) -> emails sent). Later reminders are added to this list.
REMINDERS = [
    ("certificate_expiry", services.certificate_expiry_reminders_send),
    ("class_start", services.class_start_reminders_send),
    ("enrolment_requests_digest", services.requests_digest_send),
    ("enrolment_window_closing", services.window_closing_reminders_send),
    ("plan_item_no_class", services.plan_item_reminders_send),
    ("requirement_lapse", services.requirement_lapse_reminders_send),
]


class Command(BaseCommand):
    help = "Send due reminders by email (certificates expiring soon, …); safe to run repeatedly."

    def handle(self, *args, **options):
        for name, send in REMINDERS:
            count = send()
            self.stdout.write(f"{name}: {count} email(s) sent")
