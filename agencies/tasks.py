"""Background work for agencies. Tasks are thin: they call a service."""

from django.tasks import task
from django.utils import timezone

from .reminders import mou_daily_run


@task()
def mou_expiry_reminders_task() -> dict[str, int]:
    """Daily: mark ended MOUs expired and e-mail reminders of those about to expire."""
    return mou_daily_run(today=timezone.localdate())
