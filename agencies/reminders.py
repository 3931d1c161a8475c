"""The daily reminder of MOUs about to expire, e-mailed to the province staff who follow them.

Run once a day by `agencies.tasks.mou_expiry_reminders_task`, which
`manage.py send_mou_reminders` enqueues (from cron or a systemd timer).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from povertyprog.accounts.access import users_with_perm
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log
from povertyprog.core.product import PRODUCT_SHORT_NAME

from .models import MOU
from .services import EXPIRY_WARNING_DAYS, mous_expire, mous_expiring

# Those who manage the province's MOUs (province staff and admins) follow their expiry.
RECIPIENT_PERM = Perm.MANAGE_AGENCIES
TEMPLATE = "agencies/email/mou_expiry_reminder.txt"


@dataclass(frozen=True)
class ExpiringMOU:
    mou: MOU
    days_left: int  # 0 on its last day


def with_days_left(mous, *, today: datetime.date) -> list[ExpiringMOU]:
    """The MOUs, soonest to expire first, each with the days it has left."""
    return [
        ExpiringMOU(mou, (mou.valid_until - today).days)
        for mou in mous.order_by("valid_until", "pk")
    ]


def _site_url() -> str:
    # A task has no request to build a full URL from: the site's address comes from settings.
    return getattr(settings, "SITE_URL", "").rstrip("/")


def _recipients(province_codes: list[str]):
    """Active users who manage agencies and MOUs, with an e-mail address, whose scope covers
    one of the provinces: the province itself, or the whole country."""
    return users_with_perm(RECIPIENT_PERM, province_codes).exclude(email="").order_by("pk")


def mou_expiry_reminders_send(*, today: datetime.date) -> dict[str, int]:
    """E-mail each person concerned one list of the signed MOUs of their province(s) that
    expire within EXPIRY_WARNING_DAYS days of `today` (today included). Returns the counts,
    which are also logged."""
    expiring = with_days_left(mous_expiring(today=today), today=today)
    provinces = sorted({item.mou.province_id for item in expiring})
    emails = []
    if expiring:
        with translation.override(settings.LANGUAGE_CODE):
            for user in _recipients(provinces):
                theirs = [e for e in expiring if e.mou.province_id.startswith(user.area_scope)]
                emails.append(_email(user, theirs, today=today))
    sent = mailers.default.send_messages(emails) if emails else 0
    counts = {
        "mous": len(expiring),
        "provinces": len(provinces),
        "emails": sent or 0,
    }
    activity_log("agencies.mou.expiry_reminders_sent", actor=None, data=counts)
    return counts


def _email(user, expiring: list[ExpiringMOU], *, today: datetime.date) -> EmailMessage:
    subject = ngettext(
        "%(count)d MOU expires within %(days)d days",
        "%(count)d MOUs expire within %(days)d days",
        len(expiring),
    ) % {"count": len(expiring), "days": EXPIRY_WARNING_DAYS}
    body = render_to_string(
        TEMPLATE,
        {
            "user": user,
            "expiring": expiring,
            "today": today,
            "days": EXPIRY_WARNING_DAYS,
            "site_url": _site_url(),
            "list_url": _site_url() + reverse("agencies:mou_list"),
        },
    )
    return EmailMessage(f"[{PRODUCT_SHORT_NAME}] {subject}", body, None, [user.email])


def mou_daily_run(*, today: datetime.date) -> dict[str, int]:
    """The day's MOU housekeeping: mark the MOUs whose validity has ended as expired, then
    send the reminders of those about to expire."""
    expired = mous_expire(today=today)
    return {"expired": len(expired), **mou_expiry_reminders_send(today=today)}
