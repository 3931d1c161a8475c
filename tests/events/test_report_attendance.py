"""The attendance report: exact figures by district and subdistrict on a fair with every
kind of answer and arrival, in a constant number of queries; the page, its Excel file, the
no-show list's scope, and `manage.py fair_report`."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.models import Booth, RSVPStatus
from events.report_selectors import attendance_report
from events.services.checkin import check_in_target
from povertyprog.audit.models import ActivityLog
from tests.agencies.factories import AgencyFactory
from tests.households.targeting_world import MAE_RIM, MUEANG

from .factories_checkin import fair_world

pytestmark = pytest.mark.django_db

KEYS = ["invited", "confirmed", "declined", "no_answer", "checked_in", "walk_ins", "no_shows"]
# Mae Rim: 4 invited (confirmed+came, confirmed+no-show, declined, no answer+came).
# Mueang: 3 invited (confirmed and came to Mae Rim's desk: a walk-in there, declined, no
# answer) and one case not invited who came (a walk-in).
MAE_RIM_ROW = dict(zip(KEYS, (4, 2, 1, 1, 2, 0, 2), strict=True))
MUEANG_ROW = dict(zip(KEYS, (3, 1, 1, 1, 1, 2, 2), strict=True))
TOTAL = dict(zip(KEYS, (7, 3, 2, 2, 3, 2, 4), strict=True))
SUBDISTRICTS = {
    "500701": MAE_RIM_ROW,
    "500101": dict(zip(KEYS, (2, 1, 0, 1, 1, 1, 1), strict=True)),
    "500102": dict(zip(KEYS, (1, 0, 1, 0, 0, 1, 1), strict=True)),
}


@pytest.fixture
def world(province_staff):
    world = fair_world(by=province_staff)
    mae = [i for i in world.invitations if i.district_id == MAE_RIM]
    mue = [i for i in world.invitations if i.district_id == MUEANG]
    answers = {
        mae[0]: RSVPStatus.CONFIRMED,
        mae[1]: RSVPStatus.CONFIRMED,
        mae[2]: RSVPStatus.DECLINED,
        mue[0]: RSVPStatus.CONFIRMED,
        mue[1]: RSVPStatus.DECLINED,
    }
    for invitation, status in answers.items():
        invitation.rsvp_status = status
        invitation.save(update_fields=["rsvp_status"])
    fair, desks = world.fair, world.desks
    for target, desk in (
        (mae[0].target, desks[MAE_RIM]),
        (mae[3].target, desks[MAE_RIM]),
        (mue[0].target, desks[MAE_RIM]),  # another district's desk
        (world.walk_in, desks[MUEANG]),  # not invited
    ):
        check_in_target(fair=fair, target=target, desk=desk, by=province_staff)
    world.no_shows = {MAE_RIM: {mae[1], mae[2]}, MUEANG: {mue[1], mue[2]}}
    _started(fair)
    return world


def _started(fair):
    """The fair began an hour ago (no-shows count from then on)."""
    fair.starts_at = timezone.now() - timedelta(hours=1)
    fair.save(update_fields=["starts_at"])


def test_before_the_fair_nobody_is_a_no_show(province_staff, client):
    world = fair_world(by=province_staff)
    report = attendance_report(world.fair)
    assert report.total.invited == len(world.invitations) > 0
    assert report.total.no_shows == 0
    client.force_login(province_staff)
    page = client.get(reverse("events:report_no_shows", args=[world.fair.pk]))
    assert list(page.context["invitations"]) == []
    assert "ยังไม่เริ่ม" in page.content.decode()


def test_the_figures_by_district_and_subdistrict(world, django_assert_num_queries):
    with django_assert_num_queries(6):
        report = attendance_report(world.fair)
    assert report.total.figures() == TOTAL
    assert {r.code: r.figures() for r in report.by_district} == {
        MAE_RIM: MAE_RIM_ROW,
        MUEANG: MUEANG_ROW,
    }
    assert {r.code: r.figures() for r in report.by_subdistrict} == SUBDISTRICTS
    assert [r.district_code for r in report.by_subdistrict] == [MUEANG, MUEANG, MAE_RIM]


def test_the_page_shows_the_table_and_viewers_may_read_it(world, viewer, client):
    client.force_login(viewer)
    page = client.get(reverse("events:report_attendance", args=[world.fair.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="attendance-chart-data"' in html
    assert "นายสมชาย" not in html  # no names: aggregates only
    assert page.context["report"].total.figures() == TOTAL


def test_the_excel_file_holds_the_same_figures(world, province_staff, client):
    client.force_login(province_staff)
    response = client.get(
        reverse("events:report_attendance", args=[world.fair.pk]), {"format": "xlsx"}
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_code = {row[1]: list(row[3:]) for row in rows[1:] if row[1]}
    assert by_code[MAE_RIM] == list(MAE_RIM_ROW.values())
    assert by_code[MUEANG] == list(MUEANG_ROW.values())
    assert by_code["500101"] == list(SUBDISTRICTS["500101"].values())
    assert list(rows[-1][3:]) == list(TOTAL.values())


@pytest.mark.parametrize(
    ("persona", "districts"),
    [
        ("province_staff", (MAE_RIM, MUEANG)),
        ("district_officer_mae_rim", (MAE_RIM,)),
        ("district_officer_mueang", (MUEANG,)),
    ],
)
def test_the_no_show_list_follows_the_officers_district(world, client, request, persona, districts):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("events:report_no_shows", args=[world.fair.pk])
    listed = set(client.get(url).context["invitations"])
    assert listed == set().union(*(world.no_shows[d] for d in districts))
    response = client.get(url, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    expected = sorted(i.target.household.house_no for i in listed)
    assert sorted(row[3] for row in rows[1:]) == expected
    assert ActivityLog.objects.filter(action="events.report.no_shows_exported").count() == 1


def test_viewers_and_desks_do_not_get_the_no_show_list(world, client, viewer, fair_desk):
    url = reverse("events:report_no_shows", args=[world.fair.pk])
    for user in (viewer, fair_desk):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_fair_report_prints_the_figures_as_text_and_json(world):
    out = io.StringIO()
    call_command("fair_report", "--fair", str(world.fair.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == [*KEYS, "by_district"]
    assert {k: data[k] for k in KEYS} == TOTAL
    assert [(d["code"], {k: d[k] for k in KEYS}) for d in data["by_district"]] == [
        (MUEANG, MUEANG_ROW),
        (MAE_RIM, MAE_RIM_ROW),
    ]
    assert all(set(d) == {"code", "name", *KEYS} and d["name"] for d in data["by_district"])
    text = io.StringIO()
    call_command("fair_report", "--fair", str(world.fair.pk), stdout=text)
    lines = text.getvalue().splitlines()
    mae_rim_line = next(line for line in lines if line.startswith(MAE_RIM))
    assert mae_rim_line.split()[-7:] == [str(v) for v in MAE_RIM_ROW.values()]
    assert lines[-1].split()[-7:] == [str(v) for v in TOTAL.values()]


def test_fair_report_refuses_a_missing_fair(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("fair_report", "--fair", "999999", stdout=io.StringIO())


def test_the_lists_take_a_fixed_number_of_queries(
    world, province_staff, client, django_assert_max_num_queries
):
    for service in ("แจกพันธุ์ผัก", "ตรวจสุขภาพ"):
        Booth.objects.create(fair=world.fair, agency=AgencyFactory(), service=service)
    client.force_login(province_staff)
    for name in QUERIES:
        with django_assert_max_num_queries(QUERIES[name]):
            assert client.get(reverse(name, args=[world.fair.pk])).status_code == 200


# Measured: session, user, menu and the page's own reads; one more per row would break them.
QUERIES = {"events:report_no_shows": 7, "events:report_attendance": 9, "events:booth_list": 4}
