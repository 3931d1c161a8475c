"""The manage step: host agencies (one by one and in bulk, against pledges), assistance
records and the stage they move, what liaisons see, and pledged vs delivered."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404

from agencies.models import AssistanceType, Lever, MOUStatus
from agencies.selectors import pledge_delivery
from households.manage_selectors import delivered_by
from households.manage_services import (
    assistance_record,
    host_assign,
    hosts_assign_bulk,
    hosts_assign_bulk_preview,
)
from households.models import HostAssignment, Stage, Target
from households.programme_selectors import targets_visible_to
from households.selectors import households_visible_to
from povertyprog.audit.models import ActivityLog
from povertyprog.dashboard.selectors import pledge_figures
from tests.factories import AgencyFactory

from .manage_world import TODAY, in_force_pledge, liaison_of, mae_rim, make_cases, mueang
from .targeting_world import MAE_RIM, MUEANG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    call_command("loaddata", "assistance_types", verbosity=0)


@pytest.fixture
def cases(province_staff):
    return make_cases(province_staff)


def field_errors(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# host_assign ------------------------------------------------------------------------------


def test_host_assign_records_who_and_keeps_the_history(cases, province_staff):
    target = mae_rim(cases)[0]
    first, second = AgencyFactory(), AgencyFactory(province_id=None)  # provincial, national
    a = host_assign(target=target, agency=first, by=province_staff)
    assert (a.agency, a.pledge, a.assigned_by, a.ended_at) == (first, None, province_staff, None)
    b = host_assign(target=target, agency=second, by=province_staff)
    a.refresh_from_db()
    assert a.ended_at is not None
    assert b.ended_at is None
    assert HostAssignment.objects.filter(target=target).count() == 2
    assert HostAssignment.objects.get(target=target, ended_at__isnull=True) == b
    # The same host again changes nothing.
    assert host_assign(target=target, agency=second, by=province_staff) == b
    assert ActivityLog.objects.filter(action="households.target.host_assigned").count() == 2


def test_host_assign_refuses_an_inactive_or_foreign_agency(cases, province_staff):
    target = mae_rim(cases)[0]
    for agency in (AgencyFactory(is_active=False), AgencyFactory(province_id="51")):
        with pytest.raises(ValidationError) as error:
            host_assign(target=target, agency=agency, by=province_staff)
        assert field_errors(error) == {"agency"}
    assert not HostAssignment.objects.exists()


def test_host_assign_checks_the_pledge(cases, province_staff):
    target = mae_rim(cases)[0]
    agency = AgencyFactory()
    others = in_force_pledge(AgencyFactory())
    draft = in_force_pledge(agency)
    draft.mou.status = MOUStatus.DRAFT
    draft.mou.save()
    expired = in_force_pledge(agency)
    expired.mou.valid_from = TODAY - datetime.timedelta(days=400)
    expired.mou.signed_on = expired.mou.valid_from
    expired.mou.valid_until = TODAY - datetime.timedelta(days=1)
    expired.mou.save()
    cancelled = in_force_pledge(agency)
    cancelled.mou.status = MOUStatus.CANCELLED
    cancelled.mou.save()
    elsewhere = in_force_pledge(agency, districts=(MUEANG,))
    for pledge in (others, draft, expired, cancelled, elsewhere):
        with pytest.raises(ValidationError) as error:
            host_assign(target=target, agency=agency, pledge=pledge, by=province_staff)
        assert field_errors(error) == {"pledge"}, pledge
    good = in_force_pledge(agency)
    assert host_assign(target=target, agency=agency, pledge=good, by=province_staff).pledge == good


def test_a_pledge_takes_no_more_households_than_pledged(cases, province_staff):
    agency = AgencyFactory()
    pledge = in_force_pledge(agency, households=2)
    one, two, three = mae_rim(cases)
    host_assign(target=one, agency=agency, pledge=pledge, by=province_staff)
    host_assign(target=two, agency=agency, pledge=pledge, by=province_staff)
    with pytest.raises(ValidationError) as error:
        host_assign(target=three, agency=agency, pledge=pledge, by=province_staff)
    assert field_errors(error) == {"pledge"}
    # A case that leaves the pledge frees its place.
    host_assign(target=two, agency=AgencyFactory(), by=province_staff)
    host_assign(target=three, agency=agency, pledge=pledge, by=province_staff)
    assert HostAssignment.objects.filter(pledge=pledge, ended_at__isnull=True).count() == 2


def test_host_assign_is_404_outside_the_officers_district(cases, district_officer_mueang):
    with pytest.raises(Http404):
        host_assign(target=mae_rim(cases)[0], agency=AgencyFactory(), by=district_officer_mueang)
    host_assign(target=mueang(cases)[0], agency=AgencyFactory(), by=district_officer_mueang)


# Bulk -------------------------------------------------------------------------------------


def test_bulk_creates_exactly_what_the_preview_showed(cases, province_staff):
    agency = AgencyFactory()
    pledge = in_force_pledge(agency, households=5)
    already = mae_rim(cases)[0]
    host_assign(target=already, agency=AgencyFactory(), by=province_staff)
    args = {
        "programme": cases,
        "agency": agency,
        "pledge": pledge,
        "district_code": MAE_RIM,
        "count": 5,
    }
    preview = hosts_assign_bulk_preview(**args, by=province_staff)
    assert (preview.area_targets, preview.already_hosted, preview.count) == (3, 1, 2)
    assert preview.target_ids == tuple(t.pk for t in mae_rim(cases)[1:])
    made = hosts_assign_bulk(**args, state_token=preview.state_token, by=province_staff)
    assert tuple(a.target_id for a in made) == preview.target_ids
    assert {a.agency_id for a in made} == {agency.pk}
    assert ActivityLog.objects.filter(action="households.targets.hosts_assigned").count() == 1


def test_bulk_by_subdistrict_and_count_is_one_agency_per_n_households(cases, province_staff):
    agency = AgencyFactory()
    preview = hosts_assign_bulk_preview(
        programme=cases, agency=agency, subdistrict_code="500701", count=1, by=province_staff
    )
    assert preview.count == 1
    assert Target.objects.get(pk=preview.target_ids[0]).household.village_id.startswith("500701")


def test_bulk_is_capped_by_the_pledges_room(cases, province_staff):
    agency = AgencyFactory()
    pledge = in_force_pledge(agency, households=2)
    host_assign(target=mae_rim(cases)[0], agency=agency, pledge=pledge, by=province_staff)
    preview = hosts_assign_bulk_preview(
        programme=cases, agency=agency, pledge=pledge, district_code=MAE_RIM, count=5, by=None
    )
    assert (preview.pledge_room, preview.count) == (1, 1)


def test_bulk_refuses_when_anything_changed_since_the_preview(cases, province_staff):
    agency = AgencyFactory()
    args = {"programme": cases, "agency": agency, "district_code": MAE_RIM, "count": 2}
    preview = hosts_assign_bulk_preview(**args, by=province_staff)
    host_assign(target=mae_rim(cases)[0], agency=AgencyFactory(), by=province_staff)
    with pytest.raises(ValidationError) as error:
        hosts_assign_bulk(**args, state_token=preview.state_token, by=province_staff)
    assert error.value.code == "stale"
    assert HostAssignment.objects.count() == 1


def test_bulk_with_a_pledge_not_covering_the_district_is_refused(cases, province_staff):
    agency = AgencyFactory()
    pledge = in_force_pledge(agency, districts=(MUEANG,))
    with pytest.raises(ValidationError) as error:
        hosts_assign_bulk_preview(
            programme=cases, agency=agency, pledge=pledge, district_code=MAE_RIM, count=1, by=None
        )
    assert field_errors(error) == {"pledge"}


# Liaison scope ----------------------------------------------------------------------------


def test_a_liaison_sees_exactly_the_households_their_agency_hosts(cases, province_staff):
    ours, theirs, idle = AgencyFactory(), AgencyFactory(), AgencyFactory()
    one, two, _ = mae_rim(cases)
    host_assign(target=one, agency=ours, by=province_staff)
    host_assign(target=mueang(cases)[0], agency=ours, by=province_staff)
    host_assign(target=two, agency=theirs, by=province_staff)
    ours_user = liaison_of(ours, "ours")
    assert set(households_visible_to(ours_user)) == {one.household, mueang(cases)[0].household}
    assert set(targets_visible_to(ours_user)) == {one, mueang(cases)[0]}
    assert set(households_visible_to(liaison_of(theirs, "theirs"))) == {two.household}
    assert not households_visible_to(liaison_of(idle, "idle")).exists()
    assert not targets_visible_to(liaison_of(idle, "idle2")).exists()
    # A host that ends takes its liaison's sight with it.
    host_assign(target=one, agency=theirs, by=province_staff)
    assert set(households_visible_to(ours_user)) == {mueang(cases)[0].household}


# Assistance -------------------------------------------------------------------------------


def values(agency, **more):
    return {
        "date": TODAY,
        "agency": agency,
        "lever": Lever.RAISE_INCOME,
        "what": "เมล็ดพันธุ์เห็ด",
        "value": Decimal("1500.50"),
        **more,
    }


def test_recording_assistance_moves_the_stage_and_is_audited(cases, district_officer_mae_rim):
    target = mae_rim(cases)[0]
    agency = AgencyFactory()
    assert target.stage == Stage.TARGETED
    kind = AssistanceType.objects.get(code="income-mushroom-growing")
    record_ = assistance_record(
        target=target, by=district_officer_mae_rim, **values(agency, assistance_type=kind)
    )
    target.refresh_from_db()
    assert target.stage == Stage.ASSISTED
    assert (record_.value, record_.recorded_by) == (Decimal("1500.50"), district_officer_mae_rim)
    assert ActivityLog.objects.filter(
        action="households.target.assistance_recorded", target_id=str(target.pk)
    ).exists()


def test_assistance_values_are_checked_field_by_field(cases, province_staff):
    target = mae_rim(cases)[0]
    welfare = AssistanceType.objects.get(code="welfare-elderly-allowance")
    with pytest.raises(ValidationError) as error:
        assistance_record(
            target=target,
            by=province_staff,
            **values(
                AgencyFactory(),
                assistance_type=welfare,
                what=" ",
                value="-1",
                date=TODAY + datetime.timedelta(days=1),
                pledge=in_force_pledge(AgencyFactory()),
            ),
        )
    assert field_errors(error) == {"assistance_type", "what", "value", "date", "pledge"}
    target.refresh_from_db()
    assert target.stage == Stage.TARGETED


def test_a_liaison_records_only_for_their_hosted_cases(cases, province_staff):
    ours, theirs = AgencyFactory(), AgencyFactory()
    one, two, _ = mae_rim(cases)
    host_assign(target=one, agency=ours, by=province_staff)
    host_assign(target=two, agency=theirs, by=province_staff)
    user = liaison_of(ours, "ours")
    assistance_record(target=one, by=user, **values(None))
    with pytest.raises(Http404):
        assistance_record(target=two, by=user, **values(None))
    with pytest.raises(ValidationError) as error:  # not in another agency's name
        assistance_record(target=one, by=user, **values(theirs))
    assert field_errors(error) == {"agency"}
    assert one.assistance.get().agency == ours


def test_an_officer_records_only_in_their_district(cases, district_officer_mueang):
    with pytest.raises(Http404):
        assistance_record(
            target=mae_rim(cases)[0], by=district_officer_mueang, **values(AgencyFactory())
        )


# Pledged vs delivered ---------------------------------------------------------------------


def test_delivered_counts_distinct_households_per_pledge_agency_lever_district(
    cases, province_staff
):
    a, b = AgencyFactory(), AgencyFactory()
    a_income = in_force_pledge(a, districts=(MAE_RIM, MUEANG), households=10)
    a_welfare = in_force_pledge(a, households=10, lever=Lever.WELFARE)
    b_income = in_force_pledge(b, districts=(MUEANG,), households=10)
    one, two, three = mae_rim(cases)
    four, five = mueang(cases)

    def give(target, agency, pledge, times=1):
        for _ in range(times):
            assistance_record(
                target=target,
                by=None,
                **values(agency, pledge=pledge, lever=pledge.lever if pledge else Lever.WELFARE),
            )

    give(one, a, a_income, times=3)  # three records, one household
    give(two, a, a_income)
    give(four, a, a_income)
    give(one, a, a_welfare)
    give(five, b, b_income)
    give(three, b, None)  # no pledge: delivered under none

    pledges = [a_income.pk, a_welfare.pk, b_income.pk]
    assert delivered_by(pledges) == {a_income.pk: 3, a_welfare.pk: 1, b_income.pk: 1}
    assert delivered_by(pledges, "agency") == {a.pk: 3, b.pk: 1}
    assert delivered_by(pledges, "lever") == {Lever.RAISE_INCOME: 4, Lever.WELFARE: 1}
    assert delivered_by(pledges, "district") == {MAE_RIM: 2, MUEANG: 2}
    # The agencies pages, through the hook HouseholdsConfig registers.
    from agencies.models import Pledge

    figures = pledge_delivery(Pledge.objects.filter(agency=a).prefetch_related("districts"))
    assert figures["totals"]["delivered"] == 4
    [income] = pledge_delivery(Pledge.objects.filter(pk=a_income.pk))["pledges"]
    assert income.delivered == 3
    # The dashboard's figures.
    assert pledge_figures(province_staff).delivered == 5


def test_the_agency_page_shows_real_delivered_figures(client, cases, province_staff):
    agency = AgencyFactory()
    pledge = in_force_pledge(agency, households=10)
    for target in mae_rim(cases)[:2]:
        assistance_record(target=target, by=None, **values(agency, pledge=pledge))
    client.force_login(province_staff)
    page = client.get(agency.get_absolute_url()).content.decode()
    assert 'data-delivered="2"' in page
    assert 'data-total="delivered">2<' in page


def test_the_programme_summary_counts_hosted_and_assisted_cases(cases, province_staff):
    from households.programme_selectors import programme_summary

    agency = AgencyFactory()
    one, two, _ = mae_rim(cases)
    host_assign(target=one, agency=agency, by=province_staff)
    host_assign(target=one, agency=AgencyFactory(), by=province_staff)  # counted once
    host_assign(target=two, agency=agency, by=province_staff)
    assistance_record(target=one, by=None, **values(agency))
    assistance_record(target=one, by=None, **values(agency))
    assistance_record(target=mueang(cases)[0], by=None, **values(agency))
    rows = {row["code"]: row for row in programme_summary(cases)["by_district"]}
    assert (rows[MAE_RIM]["with_host"], rows[MAE_RIM]["assisted"]) == (2, 1)
    assert (rows[MUEANG]["with_host"], rows[MUEANG]["assisted"]) == (0, 1)
    assert programme_summary(cases)["stages"][Stage.ASSISTED] == 2
