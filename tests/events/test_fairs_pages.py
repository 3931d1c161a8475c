"""The fair's pages by persona: who sees which fair, what managers change, the plan of work
(overdue tasks, quick status, Excel) and the live board's figures and query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.codes import code_new
from events.models import CheckIn, CheckInKind, Fair, Invitation, RSVPStatus, TaskStatus
from events.services import fairs as services
from povertyprog.audit.models import ActivityLog
from tests.events.factories_fairs import chiang_mai_programme, lamphun_programme, make_fair

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(province_staff):
    return make_fair(chiang_mai_programme())


@pytest.fixture
def lamphun_fair():
    return make_fair(lamphun_programme(), name="มหกรรมแก้จน ลำพูน")


def _invite(fair, target, status=RSVPStatus.NO_ANSWER):
    return Invitation.objects.create(
        fair=fair,
        target=target,
        district_id=target.district_id,
        code=code_new(),
        rsvp_status=status,
    )


def _check_in(fair, target, by, invitation=None, kind=CheckInKind.INVITED):
    return CheckIn.objects.create(
        fair=fair,
        target=target,
        invitation=invitation,
        kind=kind,
        checked_in_at=timezone.now(),
        by=by,
    )


def test_staff_create_a_fair_from_the_form(client, province_staff, english):
    programme = chiang_mai_programme()
    client.force_login(province_staff)
    page = client.get(reverse("events:fair_new"))
    assert page.status_code == 200
    assert "มหกรรมแก้จน สร้างคน" in page.content.decode()  # the default name
    response = client.post(
        reverse("events:fair_new"),
        {
            "programme": programme.pk,
            "name": "มหกรรมแก้จน 2557",
            "theme": "ลดรายจ่าย เพิ่มรายได้ ขยายโอกาส",
            "day": "15/08/2570",
            "starts": "08:30",
            "ends": "16:00",
            "venue": "ศาลากลางจังหวัดเชียงใหม่",
            "venue_address": "",
            "capacity": "๑,๐๐๐",
            "rsvp_deadline": "01/08/2570",
        },
    )
    fair = Fair.objects.get()
    assert response.status_code == 302
    assert response.url == fair.get_absolute_url()
    assert timezone.localtime(fair.starts_at).date() == datetime.date(2027, 8, 15)
    assert fair.capacity == 1000
    assert fair.tasks.count() == 10
    # A deadline after the fair lands on its field.
    response = client.post(
        reverse("events:fair_edit", args=[fair.pk]),
        {
            "name": "x",
            "day": "15/08/2570",
            "starts": "08:30",
            "ends": "16:00",
            "venue": "v",
            "capacity": "10",
            "rsvp_deadline": "16/08/2570",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["rsvp_deadline"] == [
        "The RSVP deadline cannot be after the fair day."
    ]


def test_who_sees_which_fair(
    client, fair, lamphun_fair, province_staff, district_officer_mae_rim, fair_desk, viewer
):
    lamphun_pages = [
        reverse(name, args=[lamphun_fair.pk])
        for name in ("events:fair_detail", "events:fair_board", "events:fair_plan")
    ]
    for user in (province_staff, district_officer_mae_rim, fair_desk):
        client.force_login(user)
        page = client.get(reverse("events:fair_list")).content.decode()
        assert f'data-fair="{fair.pk}"' in page
        assert f'data-fair="{lamphun_fair.pk}"' not in page  # a Lamphun fair: invisible
        assert ('id="fair-new"' in page) == (user == province_staff)
        for url in lamphun_pages:
            assert client.get(url).status_code == 404
    # District officers: the overview and the board, read-only.
    client.force_login(district_officer_mae_rim)
    detail = client.get(fair.get_absolute_url()).content.decode()
    assert 'id="fair-edit"' not in detail
    assert 'id="fair-tabs"' not in detail
    assert client.get(reverse("events:fair_board", args=[fair.pk])).status_code == 200
    assert client.get(reverse("events:fair_plan", args=[fair.pk])).status_code == 404
    # Desk staff: the list only.
    client.force_login(fair_desk)
    assert client.get(fair.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:fair_board", args=[fair.pk])).status_code == 404
    # Viewers: no fair page, no menu entry.
    client.force_login(viewer)
    assert client.get(reverse("events:fair_list")).status_code == 404
    assert reverse("events:fair_list") not in client.get(reverse("home")).content.decode()
    client.force_login(province_staff)
    assert reverse("events:fair_list") in client.get(reverse("home")).content.decode()


def test_the_overview_counts_per_district(client, fair, province_staff):
    mae_rim = list(fair.programme.targets.filter(district_id="5007").order_by("pk"))
    mueang = list(fair.programme.targets.filter(district_id="5001").order_by("pk"))
    confirmed = _invite(fair, mae_rim[0], RSVPStatus.CONFIRMED)
    _invite(fair, mae_rim[1], RSVPStatus.DECLINED)
    _invite(fair, mae_rim[2])
    _invite(fair, mueang[0], RSVPStatus.CONFIRMED)
    _check_in(fair, mae_rim[0], province_staff, confirmed)
    _check_in(fair, mueang[1], province_staff, kind=CheckInKind.NOT_INVITED)
    client.force_login(province_staff)
    figures = client.get(fair.get_absolute_url()).context["figures"]
    rows = {row.code: row for row in figures.rows}
    mr, mu = rows["5007"], rows["5001"]
    assert (mr.quota, mr.invited, mr.confirmed, mr.declined, mr.no_answer, mr.checked_in) == (
        3, 3, 1, 1, 1, 1,
    )  # fmt: skip
    # Mueang's walk-in was not invited: a walk-in, not one of the invited who came.
    assert (mu.quota, mu.invited, mu.confirmed, mu.checked_in, mu.walk_ins) == (2, 1, 1, 0, 1)
    assert (figures.total.invited, figures.total.checked_in, figures.total.walk_ins) == (4, 1, 1)


def test_the_board_and_the_list_take_a_constant_number_of_queries(
    client, fair, province_staff, django_assert_max_num_queries
):
    client.force_login(province_staff)
    board = reverse("events:fair_board", args=[fair.pk])
    with django_assert_max_num_queries(30) as empty:
        client.get(board)
    with django_assert_max_num_queries(30) as empty_list:
        client.get(reverse("events:fair_list"))
    for target in fair.programme.targets.all():
        _check_in(fair, target, province_staff, _invite(fair, target, RSVPStatus.CONFIRMED))
    make_fair(fair.programme, name="มหกรรมรอบสอง")
    make_fair(fair.programme, name="มหกรรมรอบสาม")
    with django_assert_max_num_queries(len(empty.captured_queries)):
        response = client.get(board)
    assert response.context["figures"].total.checked_in == 5
    with django_assert_max_num_queries(len(empty_list.captured_queries)):
        response = client.get(reverse("events:fair_list"))
    assert len(response.context["fairs"]) == 3
    # The htmx poll: the figures alone.
    partial = client.get(board, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="board-figures"')
    assert "<html" not in partial
    assert 'hx-trigger="every 10s"' in partial


def test_overdue_tasks_stand_out(client, fair, province_staff):
    # The fair is 20 days away: the steps due 21 or more days before it are overdue.
    client.force_login(province_staff)
    url = reverse("events:fair_plan", args=[fair.pk])
    page = client.get(url)
    overdue = {task.key for task in page.context["tasks"] if task.overdue}
    assert overdue == {
        "committee",
        "venue",
        "rehearsal",
        "district_letters",
        "agency_letters",
        "invite_households",
    }
    assert page.content.decode().count("table-danger task-overdue") == 6
    dues = [task.due_on for task in page.context["tasks"]]
    assert dues == sorted(dues)
    # Done is not overdue; the quick status change answers htmx with the row.
    committee = fair.tasks.get(key="committee")
    row = client.post(
        reverse("events:fair_task_status", args=[fair.pk, committee.pk]),
        {f"t{committee.pk}-status": TaskStatus.DONE},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert row.lstrip().startswith(f'<tr id="task-{committee.pk}"')
    assert "task-overdue" not in row
    assert "task-done" in row
    assert client.get(url).content.decode().count("table-danger task-overdue") == 5


def test_the_plan_as_excel(client, fair, province_staff, english):
    services.task_update(
        task=fair.tasks.get(key="venue"), status=TaskStatus.DONE, by=province_staff
    )
    client.force_login(province_staff)
    response = client.get(reverse("events:fair_plan", args=[fair.pk]), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Due on", "Task", "Owner", "Status", "Overdue", "Note")
    assert len(rows) == 11
    by_title = {row[1]: row for row in rows[1:]}
    venue = by_title["จองสถานที่จัดงาน"]
    assert venue[2] == "สำนักงานพัฒนาชุมชนจังหวัด"
    assert venue[3] == "Done"
    assert not venue[4]
    assert by_title["ศจพ.จ. ประชุมวางแผนการจัดงานและคัดเลือกกลุ่มเป้าหมาย"][4] == "Yes"


def test_managers_edit_quotas_desks_booths_and_tasks(client, fair, province_staff, english):
    client.force_login(province_staff)
    quotas = reverse("events:fair_quotas", args=[fair.pk])
    refused = client.post(quotas, {"q_5007": "-3", "q_5001": "5"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["q_5007"] == ["A quota cannot be negative."]
    assert dict(fair.quotas.values_list("district_id", "quota")) == {"5001": 2, "5007": 3}
    assert client.post(quotas, {"q_5007": "๔๐", "q_5001": "5"}).status_code == 302
    assert dict(fair.quotas.values_list("district_id", "quota")) == {"5001": 5, "5007": 40}

    desks = reverse("events:fair_desks", args=[fair.pk])
    assert client.post(desks, {"name": "จุดลงทะเบียนผู้พิการ"}).status_code == 302
    again = client.post(desks, {"name": "จุดลงทะเบียนผู้พิการ"})
    assert again.context["form"].errors["name"] == ["The fair has a desk of that name already."]

    plan = reverse("events:fair_plan", args=[fair.pk])
    started = client.post(
        plan, {"title": "จองรถ", "owner": "จังหวัด", "due_on": "01/01/2570", "status": "doing"}
    )
    assert started.status_code == 302
    assert fair.tasks.get(title="จองรถ").status == TaskStatus.DOING  # as chosen on the form
    added = client.post(
        plan, {"title": "ประสานรถรับส่ง", "owner": "อำเภอ", "due_on": "01/01/2570", "status": "todo"}
    )
    assert added.status_code == 302
    task = fair.tasks.get(title="ประสานรถรับส่ง")
    edit = reverse("events:fair_task_edit", args=[fair.pk, task.pk])
    client.post(
        edit,
        {"title": "ประสานรถรับส่ง", "owner": "อำเภอ", "due_on": "02/01/2570", "status": "doing"},
    )
    task.refresh_from_db()
    assert (task.due_on, task.status) == (datetime.date(2027, 1, 2), TaskStatus.DOING)
    client.post(reverse("events:fair_task_remove", args=[fair.pk, task.pk]))
    assert not fair.tasks.filter(pk=task.pk).exists()


def test_desk_staff_see_the_fair_without_a_link_to_its_overview(client, fair, fair_desk):
    client.force_login(fair_desk)
    page = client.get(reverse("events:fair_list")).content.decode()
    assert fair.name in page
    assert f'href="{fair.get_absolute_url()}"' not in page


def test_managers_add_booths_and_choose_the_fairs_mous(client, fair, province_staff, english):
    from agencies.models import Agency
    from tests.agencies.factories import MOUFactory, PledgeFactory, SignatoryFactory
    from tests.factories import AgencyFactory

    mou = MOUFactory(province_id="50")
    lamphun_mou = MOUFactory(province_id="51")
    signer = AgencyFactory(name_th="มหาวิทยาลัยแม่โจ้", province_id="51")
    SignatoryFactory(mou=mou, agency=signer)
    pledge = PledgeFactory(mou=mou, agency=signer, districts=["5007"])
    client.force_login(province_staff)

    mous = reverse("events:fair_mous", args=[fair.pk])
    offered = client.get(mous).context["form"].fields["mous"].queryset
    assert mou in offered
    assert lamphun_mou not in offered
    assert client.post(mous, {"mous": [mou.pk]}).status_code == 302
    assert list(fair.mous.all()) == [mou]

    booths = reverse("events:fair_booths", args=[fair.pk])
    assert signer in client.get(booths).context["form"].fields["agency"].queryset
    response = client.post(
        booths, {"agency": signer.pk, "service": "อบรมอาชีพ", "place": "A1", "pledge": pledge.pk}
    )
    assert response.status_code == 302
    booth = fair.booths.get()
    assert (booth.agency, booth.pledge, booth.place) == (signer, pledge, "A1")
    edit = reverse("events:fair_booth_edit", args=[fair.pk, booth.pk])
    other = Agency.objects.exclude(pk=signer.pk).filter(province_id="50").first() or AgencyFactory(
        name_th="สำนักงานเกษตรจังหวัดเชียงใหม่"
    )
    refused = client.post(edit, {"agency": other.pk, "service": "x", "pledge": pledge.pk})
    assert refused.context["form"].errors["pledge"] == ["The pledge is not the agency's."]
    client.post(reverse("events:fair_booth_remove", args=[fair.pk, booth.pk]))
    assert not fair.booths.exists()


def test_a_quota_left_empty_is_removed_and_audited(client, fair, province_staff):
    client.force_login(province_staff)
    quotas = reverse("events:fair_quotas", args=[fair.pk])
    assert client.post(quotas, {"q_5007": "", "q_5001": "2"}).status_code == 302
    assert dict(fair.quotas.values_list("district_id", "quota")) == {"5001": 2}
    log = ActivityLog.objects.get(action="events.fair.quota_set")
    assert log.data == {"district": "5007", "before": 3, "after": None}


def test_a_district_officer_reads_the_board_without_the_managers_tabs(
    client, fair, district_officer_mae_rim
):
    client.force_login(district_officer_mae_rim)
    page = client.get(reverse("events:fair_board", args=[fair.pk])).content.decode()
    assert reverse("events:fair_plan", args=[fair.pk]) not in page  # a tab they may not open
