"""Enqueue the daily MOU task (expire ended MOUs, e-mail reminders); run it once a day from
cron or a systemd timer. The worker (`manage.py db_worker`) does the work."""

from django.core.management.base import BaseCommand

from ...services import EXPIRY_WARNING_DAYS
from ...tasks import mou_expiry_reminders_task


class Command(BaseCommand):
    help = (
        "Queue today's MOU reminders: signed MOUs that have ended are marked expired, and "
        f"province staff get an e-mail listing those that expire within {EXPIRY_WARNING_DAYS} days."
    )

    def handle(self, *args, **options) -> None:
        result = mou_expiry_reminders_task.enqueue()
        self.stdout.write(f"MOU reminders queued ({result.id}): {result.status}")
