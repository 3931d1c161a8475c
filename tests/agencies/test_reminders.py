"""The daily MOU reminder: exactly the signed MOUs that expire within 60 days, e-mailed to the
province staff and admins of their province, one e-mail each; ended MOUs marked expired."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from agencies.models import MOU, MOUStatus
from agencies.reminders import mou_daily_run, mou_expiry_reminders_send
from agencies.services import mous_expiring
from povertyprog.accounts.roles import Role
from povertyprog.areas.models import Province
from povertyprog.audit.models import ActivityLog
from tests.factories import UserFactory

TODAY = datetime.date(2025, 3, 1)


def mou(title, *, days, status=MOUStatus.SIGNED, province="50"):
    """An MOU of `province` whose validity ends `days` days after TODAY."""
    return MOU.objects.create(
        province=Province.objects.get(code=province),
        title=title,
        fiscal_year_be=2568,
        governor_name="นายนิรัตน์ พงษ์สิทธิถาวร",
        valid_from=TODAY - datetime.timedelta(days=365),
        valid_until=TODAY + datetime.timedelta(days=days),
        status=status,
    )


@pytest.fixture
def mous(db):
    return {
        "today": mou("หมดอายุวันนี้", days=0),
        "in_60": mou("เหลือ 60 วัน", days=60),
        "in_30": mou("เหลือ 30 วัน", days=30),
        "in_61": mou("เหลือ 61 วัน", days=61),
        "yesterday": mou("หมดอายุเมื่อวาน", days=-1),
        "draft": mou("ร่างที่ใกล้หมดอายุ", days=10, status=MOUStatus.DRAFT),
        "cancelled": mou("ยกเลิกแล้ว", days=10, status=MOUStatus.CANCELLED),
        "expired": mou("หมดอายุไปแล้ว", days=5, status=MOUStatus.EXPIRED),
        "lamphun": mou("ของลำพูน", days=20, province="51"),
    }


@pytest.fixture
def people(db):
    """Who gets the e-mail, and who does not."""
    make = UserFactory
    return {
        "staff": make(role=Role.PROVINCE_STAFF, area_scope="50", email="staff50@example.go.th"),
        "admin": make(role=Role.PROVINCE_ADMIN, area_scope="50", email="admin50@example.go.th"),
        "national": make(role=Role.PROVINCE_ADMIN, area_scope="", email="national@example.go.th"),
        "lamphun": make(role=Role.PROVINCE_STAFF, area_scope="51", email="staff51@example.go.th"),
        # Not them: no address, inactive, a district's scope, roles that do not follow MOUs.
        "no_email": make(role=Role.PROVINCE_STAFF, area_scope="50", email=""),
        "inactive": make(
            role=Role.PROVINCE_STAFF, area_scope="50", email="gone@example.go.th", is_active=False
        ),
        "district": make(role=Role.DISTRICT_OFFICER, area_scope="5007", email="d@example.go.th"),
        "viewer": make(role=Role.VIEWER, area_scope="50", email="viewer@example.go.th"),
    }


def test_exactly_the_signed_mous_within_60_days_are_selected(mous):
    selected = set(mous_expiring(today=TODAY))
    assert selected == {mous[k] for k in ("today", "in_60", "in_30", "lamphun")}


def test_each_person_of_the_province_gets_one_email_listing_its_mous(mous, people):
    counts = mou_expiry_reminders_send(today=TODAY)

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {
        ("staff50@example.go.th",),
        ("admin50@example.go.th",),
        ("national@example.go.th",),
        ("staff51@example.go.th",),
    }
    assert len(mail.outbox) == 4
    assert counts == {"mous": 4, "provinces": 2, "emails": 4}

    chiang_mai = by_recipient[("staff50@example.go.th",)].body
    for key in ("today", "in_30", "in_60"):
        assert mous[key].title in chiang_mai
        assert mous[key].get_absolute_url() in chiang_mai
    for key in ("in_61", "yesterday", "draft", "cancelled", "expired", "lamphun"):
        assert mous[key].title not in chiang_mai
    # Soonest first, with the date in the Buddhist era.
    assert chiang_mai.index("หมดอายุวันนี้") < chiang_mai.index("เหลือ 30") < chiang_mai.index("เหลือ 60")
    assert "1 มีนาคม 2568" in chiang_mai  # valid until TODAY
    assert "30 เมษายน 2568" in chiang_mai  # TODAY + 60 days

    lamphun = by_recipient[("staff51@example.go.th",)].body
    assert mous["lamphun"].title in lamphun
    assert mous["today"].title not in lamphun
    national = by_recipient[("national@example.go.th",)].body
    assert mous["lamphun"].title in national
    assert mous["today"].title in national

    log = ActivityLog.objects.get(action="agencies.mou.expiry_reminders_sent")
    assert log.data == counts


def test_the_email_says_how_many_days_are_left(mous, people, english, settings):
    settings.LANGUAGE_CODE = "en"
    mou_expiry_reminders_send(today=TODAY)
    message = next(m for m in mail.outbox if m.to == ["staff50@example.go.th"])

    assert "3 MOUs expire within 60 days" in message.subject
    assert "expires today" in message.body
    assert "30 days left" in message.body
    assert "60 days left" in message.body


def test_nothing_to_remind_sends_nothing_but_is_logged(people):
    mou("ยังอีกนาน", days=200)

    assert mou_expiry_reminders_send(today=TODAY) == {"mous": 0, "provinces": 0, "emails": 0}
    assert mail.outbox == []
    assert ActivityLog.objects.filter(action="agencies.mou.expiry_reminders_sent").count() == 1


def test_the_daily_run_marks_ended_mous_expired_then_reminds(mous, people):
    counts = mou_daily_run(today=TODAY)

    assert counts["expired"] == 1
    statuses = {key: MOU.objects.get(pk=m.pk).status for key, m in mous.items()}
    assert statuses["yesterday"] == MOUStatus.EXPIRED
    assert statuses["today"] == MOUStatus.SIGNED  # its last day is today
    assert statuses["draft"] == MOUStatus.DRAFT
    assert statuses["cancelled"] == MOUStatus.CANCELLED
    assert counts["emails"] == 4


def test_the_command_runs_the_daily_task(mous, people, capsys):
    """The test settings run tasks immediately; in production the worker picks it up."""
    call_command("send_mou_reminders")

    assert "MOU reminders queued" in capsys.readouterr().out
    assert MOU.objects.get(pk=mous["yesterday"].pk).status == MOUStatus.EXPIRED
    assert ActivityLog.objects.filter(action="agencies.mou.expiry_reminders_sent").exists()
