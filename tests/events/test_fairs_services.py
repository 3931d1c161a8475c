"""The fair's services: what a new fair starts with, the rules of each change, who may
make it, and the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import MOUStatus
from events.fair_template import PLAN_STEPS
from events.models import Booth, CheckIn, CheckInKind, Desk, FairTask, TaskStatus
from events.services import fairs as services
from povertyprog.areas.models import District
from povertyprog.audit.models import ActivityLog
from tests.agencies.factories import MOUFactory, PledgeFactory, SignatoryFactory
from tests.events.factories_fairs import (
    chiang_mai_programme,
    fair_values,
    lamphun_programme,
    make_fair,
)
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 15)


def test_a_new_fair_has_quotas_desks_and_the_plan_of_work(province_staff):
    programme = chiang_mai_programme(drop_one_in_mae_rim=True)
    fair = make_fair(programme, by=province_staff, day=DAY, rsvp=datetime.date(2027, 3, 5))

    # Quotas: the cases not dropped, per district.
    assert dict(fair.quotas.values_list("district_id", "quota")) == {"5001": 2, "5007": 2}
    desks = dict(fair.desks.values_list("district_id", "name"))
    assert desks == {
        "5001": "จุดลงทะเบียนอำเภอ" + District.objects.get(code="5001").name_th,
        "5007": "จุดลงทะเบียนอำเภอ" + District.objects.get(code="5007").name_th,
    }
    tasks = {task.key: task for task in fair.tasks.all()}
    assert len(tasks) == 10 == len(PLAN_STEPS)
    expected = {
        "committee": datetime.date(2027, 1, 14),  # 60 days before
        "venue": datetime.date(2027, 1, 29),  # 45
        "rehearsal": datetime.date(2027, 2, 13),  # 30
        "district_letters": datetime.date(2027, 2, 15),  # 28
        "agency_letters": datetime.date(2027, 2, 15),
        "invite_households": datetime.date(2027, 2, 22),  # 21
        "rsvp_deadline": datetime.date(2027, 3, 5),  # the fair's RSVP deadline
        "print": datetime.date(2027, 3, 12),  # 3
        "fair_day": DAY,
        "report": datetime.date(2027, 3, 29),  # 14 days after
    }
    assert {key: task.due_on for key, task in tasks.items()} == expected
    assert all(task.status == TaskStatus.TODO and task.owner for task in tasks.values())
    assert "ประชุมซักซ้อมแนวทาง" in tasks["rehearsal"].title
    entry = ActivityLog.objects.get(action="events.fair.created")
    assert entry.actor == province_staff
    assert entry.target_id == str(fair.pk)
    assert entry.data["tasks"] == 10


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "before"}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"rsvp": DAY + datetime.timedelta(days=1)}, "rsvp_deadline"),
        ({"venue": "  "}, "venue"),
    ],
)
def test_a_fair_with_impossible_details_is_refused(province_staff, change, field):
    programme = chiang_mai_programme()
    values = fair_values(day=DAY, **{k: v for k, v in change.items() if k != "ends_at"})
    if "ends_at" in change:
        values["ends_at"] = values["starts_at"] - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as caught:
        services.fair_create(programme=programme, by=province_staff, **values)
    assert field in caught.value.error_dict
    assert not programme.fairs.exists()


def test_only_the_provinces_fair_managers_write(
    province_staff, district_officer_mae_rim, fair_desk, outsider, viewer
):
    programme = chiang_mai_programme()
    for user in (district_officer_mae_rim, fair_desk, outsider, viewer):
        with pytest.raises(PermissionDenied):
            services.fair_create(programme=programme, by=user, **fair_values())
    fair = make_fair(programme, by=province_staff)
    task = fair.tasks.first()
    for user in (district_officer_mae_rim, fair_desk, outsider):
        with pytest.raises(PermissionDenied):
            services.task_update(task=task, status=TaskStatus.DONE, by=user)
        with pytest.raises(PermissionDenied):
            services.fair_update(fair=fair, capacity=10, by=user)
    # A Chiang Mai manager cannot touch a Lamphun fair.
    lamphun = make_fair(lamphun_programme())
    with pytest.raises(PermissionDenied):
        services.desk_add(fair=lamphun, name="โต๊ะ", by=province_staff)


def test_moving_the_fair_moves_the_unfinished_tasks(province_staff):
    fair = make_fair(chiang_mai_programme(), day=DAY, rsvp=datetime.date(2027, 3, 5))
    done = fair.tasks.get(key="committee")
    services.task_update(task=done, status=TaskStatus.DONE, by=province_staff)
    new = fair_values(day=DAY + datetime.timedelta(days=7), rsvp=datetime.date(2027, 3, 12))
    services.fair_update(
        fair=fair,
        by=province_staff,
        starts_at=new["starts_at"],
        ends_at=new["ends_at"],
        rsvp_deadline=new["rsvp_deadline"],
    )
    tasks = {task.key: task.due_on for task in fair.tasks.all()}
    assert tasks["committee"] == datetime.date(2027, 1, 14)  # done: stays
    assert tasks["venue"] == datetime.date(2027, 2, 5)
    assert tasks["rsvp_deadline"] == datetime.date(2027, 3, 12)
    assert tasks["report"] == datetime.date(2027, 4, 5)
    entry = ActivityLog.objects.get(action="events.fair.changed")
    assert entry.data["tasks_moved"] == 9


def test_quotas_cannot_be_negative_nor_outside_the_province(province_staff):
    fair = make_fair(chiang_mai_programme())
    mae_rim = District.objects.get(code="5007")
    with pytest.raises(ValidationError) as caught:
        services.fair_quota_set(fair=fair, district=mae_rim, quota=-1, by=province_staff)
    assert "quota" in caught.value.error_dict
    with pytest.raises(ValidationError):
        services.fair_quota_set(
            fair=fair, district=District.objects.get(code="5101"), quota=3, by=province_staff
        )
    services.fair_quota_set(fair=fair, district=mae_rim, quota=40, by=province_staff)
    assert fair.quotas.get(district=mae_rim).quota == 40
    entry = ActivityLog.objects.get(action="events.fair.quota_set")
    assert entry.data == {"district": "5007", "before": 3, "after": 40}
    # Several at once: all or none, errors by district.
    with pytest.raises(ValidationError) as caught:
        services.fair_quotas_set(fair=fair, quotas={"5001": 9, "5002": -4}, by=province_staff)
    assert set(caught.value.error_dict) == {"5002"}


def test_desks_are_named_once_and_stay_once_used(province_staff):
    programme = chiang_mai_programme()
    fair = make_fair(programme)
    desk = services.desk_add(fair=fair, name="จุดลงทะเบียนผู้พิการ", by=province_staff)
    with pytest.raises(ValidationError) as caught:
        services.desk_add(fair=fair, name="จุดลงทะเบียนผู้พิการ", by=province_staff)
    assert "name" in caught.value.error_dict
    services.desk_rename(desk=desk, name="จุดลงทะเบียนพิเศษ", by=province_staff)
    used = fair.desks.get(district_id="5007")
    CheckIn.objects.create(
        fair=fair,
        target=programme.targets.filter(district_id="5007").first(),
        desk=used,
        kind=CheckInKind.NOT_INVITED,
        checked_in_at=fair.starts_at,
        by=province_staff,
    )
    with pytest.raises(ValidationError):
        services.desk_remove(desk=used, by=province_staff)
    services.desk_remove(desk=desk, by=province_staff)
    assert not Desk.objects.filter(pk=desk.pk).exists()
    actions = list(
        ActivityLog.objects.filter(action__startswith="events.desk")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["events.desk.added", "events.desk.renamed", "events.desk.removed"]


def test_booths_take_the_fairs_agencies_and_their_own_pledges(province_staff):
    fair = make_fair(chiang_mai_programme())
    mou = MOUFactory(province_id="50")
    signed = AgencyFactory(name_th="มหาวิทยาลัยแม่โจ้", province_id="51")  # another province
    SignatoryFactory(mou=mou, agency=signed)
    pledge = PledgeFactory(mou=mou, agency=signed, districts=["5007"])
    local = AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่", province_id="50")
    inactive = AgencyFactory(name_th="สำนักงานปิดแล้ว", province_id="50", is_active=False)

    with pytest.raises(ValidationError) as caught:
        services.booth_add(fair=fair, agency=signed, service="อบรมอาชีพ", by=province_staff)
    assert "agency" in caught.value.error_dict  # not (yet) signing at this fair
    services.fair_mous_set(fair=fair, mous=[mou], by=province_staff)
    booth = services.booth_add(
        fair=fair, agency=signed, service="อบรมอาชีพ", pledge=pledge, by=province_staff
    )
    with pytest.raises(ValidationError) as caught:
        services.booth_update(booth=booth, agency=local, by=province_staff)
    assert "pledge" in caught.value.error_dict  # the pledge is another agency's
    services.booth_update(booth=booth, agency=local, pledge=None, by=province_staff)
    with pytest.raises(ValidationError):
        services.booth_add(fair=fair, agency=inactive, service="x", by=province_staff)
    with pytest.raises(ValidationError) as caught:
        services.booth_add(fair=fair, agency=local, service=" ", by=province_staff)
    assert "service" in caught.value.error_dict
    services.booth_remove(booth=booth, by=province_staff)
    assert not Booth.objects.exists()
    assert ActivityLog.objects.filter(action__startswith="events.booth").count() == 3


def test_the_fairs_mous_are_the_provinces_not_cancelled(province_staff):
    fair = make_fair(chiang_mai_programme())
    lamphun_mou = MOUFactory(province_id="51")
    cancelled = MOUFactory(province_id="50", status=MOUStatus.CANCELLED)
    for mou in (lamphun_mou, cancelled):
        with pytest.raises(ValidationError):
            services.fair_mous_set(fair=fair, mous=[mou], by=province_staff)
    mou = MOUFactory(province_id="50")
    services.fair_mous_set(fair=fair, mous=[mou], by=province_staff)
    assert list(fair.mous.all()) == [mou]
    assert ActivityLog.objects.get(action="events.fair.mous_set").data["after"] == [mou.pk]


def test_the_plan_of_work_is_editable(province_staff):
    fair = make_fair(chiang_mai_programme())
    task = services.task_add(
        fair=fair,
        title="ประสานรถรับส่งผู้สูงอายุ",
        owner="ที่ทำการปกครองอำเภอ",
        due_on=datetime.date(2027, 3, 10),
        by=province_staff,
    )
    assert task.position == 11
    services.task_update(
        task=task, status=TaskStatus.DOING, note="จองรถแล้ว 3 คัน", by=province_staff
    )
    task.refresh_from_db()
    assert (task.status, task.note) == (TaskStatus.DOING, "จองรถแล้ว 3 คัน")
    with pytest.raises(ValidationError) as caught:
        services.task_update(task=task, title="", by=province_staff)
    assert "title" in caught.value.error_dict
    services.task_remove(task=FairTask.objects.get(pk=task.pk), by=province_staff)
    assert fair.tasks.count() == 10
    entries = ActivityLog.objects.filter(action__startswith="events.task")
    changed = entries.get(action="events.task.changed")
    assert changed.data["status"] == {"before": "todo", "after": "doing"}
    assert entries.count() == 3
