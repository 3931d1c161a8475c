"""Programmes and their cases: the programme's life, verification in the field and the
replacement of a rejected case, the capacity class, the derived stage, and who sees what."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from households.models import Capacity, ProgrammeStatus, Stage, Target, Verification
from households.programme_selectors import (
    get_programme_for_user_or_404,
    get_target_for_user_or_404,
    programmes_visible_to,
    targets_visible_to,
)
from households.programme_services import (
    programme_activate,
    programme_close,
    programme_create,
    target_capacity_set,
    target_stage_refresh,
    target_verify,
)
from households.targeting import QuotaMode, TargetingRules
from povertyprog.areas.models import Province
from povertyprog.audit.models import ActivityLog
from tests.factories import VillageFactory

from .targeting_world import MAE_RIM, MUEANG, VILLAGES, demo_round, programme, record, targeted

pytestmark = pytest.mark.django_db


# The programme -----------------------------------------------------------------------------


def test_a_programme_goes_draft_active_closed_each_step_audited(province_staff):
    p = programme(by=province_staff, target=972)
    assert p.status == ProgrammeStatus.DRAFT
    assert p.created_by == province_staff
    with pytest.raises(ValidationError):
        programme_close(programme=p, by=province_staff)
    p = programme_activate(programme=p, by=province_staff)
    assert p.status == ProgrammeStatus.ACTIVE
    with pytest.raises(ValidationError):
        programme_activate(programme=p, by=province_staff)
    p = programme_close(programme=p, by=province_staff)
    assert p.status == ProgrammeStatus.CLOSED
    assert list(
        ActivityLog.objects.filter(target_id=str(p.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "households.programme.created",
        "households.programme.active",
        "households.programme.closed",
    ]


def test_a_programme_name_is_unique_in_its_province_and_year(province_staff):
    programme(by=province_staff, name="ชี้เป้า")
    with pytest.raises(ValidationError):
        programme(by=province_staff, name="ชี้เป้า")
    programme(by=province_staff, name="ชี้เป้า", year=2558)  # another year: fine


def test_only_staff_of_the_province_open_or_move_a_programme(
    province_staff, district_officer_mae_rim, viewer, outsider, agency_liaison
):
    chiang_mai = Province.objects.get(code="50")
    for user in (district_officer_mae_rim, outsider):
        # District officers manage targets, but a province is not inside their district.
        with pytest.raises(ValidationError) as error:
            programme_create(
                province=chiang_mai,
                fiscal_year_be=2557,
                name="x",
                target_households=1,
                survey_round=demo_round(),
                by=user,
            )
        assert "province" in error.value.message_dict
    for user in (viewer, agency_liaison):  # no MANAGE_TARGETS at all
        with pytest.raises(Http404):
            programme_create(
                province=chiang_mai,
                fiscal_year_be=2557,
                name="x",
                target_households=1,
                survey_round=demo_round(),
                by=user,
            )
    p = programme(by=province_staff)
    for user in (district_officer_mae_rim, outsider, viewer):
        with pytest.raises(Http404):
            programme_activate(programme=p, by=user)
    p.refresh_from_db()
    assert p.status == ProgrammeStatus.DRAFT


# Verification and replacement --------------------------------------------------------------


@pytest.fixture
def cases(province_staff):
    """Mae Rim: 4 poor households, 2 chosen; Mueang: 1 poor, 1 chosen (nobody left)."""
    mae_rim = [record(VILLAGES[MAE_RIM][0], income).household for income in (1000, 2000, 3000)]
    mae_rim.append(record(VILLAGES[MAE_RIM][1], 4000).household)
    mueang = record(VILLAGES[MUEANG][0], 500).household
    p = programme(by=province_staff)
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={MAE_RIM: 2, MUEANG: 1})
    targeted(p, by=province_staff, rules=rules)
    programme_activate(programme=p, by=province_staff)
    return p, mae_rim, mueang


def case_of(household) -> Target:
    return Target.objects.get(household=household)


def test_confirmed_case_is_verified_with_who_when_and_note(cases, district_officer_mae_rim):
    _p, mae_rim, _mueang = cases
    result = target_verify(
        target=case_of(mae_rim[0]),
        outcome=Verification.CONFIRMED,
        note="พบตัวจริง",
        by=district_officer_mae_rim,
    )
    target = case_of(mae_rim[0])
    assert result.replacement is None
    assert target.stage == Stage.VERIFIED
    assert target.verified_by == district_officer_mae_rim
    assert target.verified_at is not None
    assert target.verification_note == "พบตัวจริง"
    entry = ActivityLog.objects.get(action="households.target.verified")
    assert entry.data == {"outcome": "confirmed", "replacement": None}


@pytest.mark.parametrize(
    "outcome",
    [Verification.NOT_FOUND, Verification.MOVED, Verification.DECEASED, Verification.NOT_POOR],
)
def test_a_rejected_case_is_dropped_and_replaced_by_the_next_in_line_of_its_district(
    cases, district_officer_mae_rim, outcome
):
    p, mae_rim, _mueang = cases
    rejected = case_of(mae_rim[1])
    result = target_verify(
        target=rejected, outcome=outcome, note="ไม่พบ", by=district_officer_mae_rim
    )
    rejected.refresh_from_db()
    assert rejected.stage == Stage.DROPPED
    assert rejected.drop_reason == outcome
    replacement = result.replacement
    assert replacement.household == mae_rim[2]  # the first who just missed, in Mae Rim
    assert replacement.replaces == rejected
    assert rejected.replacement == replacement  # visible as such from both sides
    assert replacement.district_id == MAE_RIM
    assert replacement.rank == 3
    assert replacement.stage == Stage.TARGETED
    assert replacement.selected_by_run == rejected.selected_by_run
    assert replacement.programme == p
    assert replacement.household.house_no in result.message
    assert p.targets.exclude(stage=Stage.DROPPED).count() == 3
    entry = ActivityLog.objects.get(action="households.target.verified")
    assert entry.data == {"outcome": outcome, "replacement": replacement.pk}


def test_replacements_go_down_the_line_and_stop_when_nobody_is_left(
    cases, district_officer_mae_rim, english
):
    _p, mae_rim, _mueang = cases
    first = target_verify(
        target=case_of(mae_rim[0]), outcome="deceased", note="x", by=district_officer_mae_rim
    ).replacement
    second = target_verify(
        target=first, outcome="not_found", note="x", by=district_officer_mae_rim
    ).replacement
    assert [first.household, second.household] == [mae_rim[2], mae_rim[3]]
    assert second.replaces == first
    assert second.rank == 4
    last = target_verify(target=second, outcome="not_poor", note="x", by=district_officer_mae_rim)
    assert last.replacement is None
    assert "Nobody is left in line" in last.message
    assert case_of(mae_rim[3]).stage == Stage.DROPPED


def test_nobody_left_in_a_district_with_too_few_poor(cases, district_officer_mueang, english):
    _p, _mae_rim, mueang = cases
    result = target_verify(
        target=case_of(mueang), outcome="moved", note="ย้าย", by=district_officer_mueang
    )
    assert result.replacement is None
    assert "Mueang Chiang Mai" in result.message
    assert Target.objects.filter(district_id=MUEANG).count() == 1


def test_a_replacement_skips_households_excluded_since_the_targeting(
    cases, district_officer_mae_rim, province_staff
):
    _p, mae_rim, _mueang = cases
    # The next in line became a target of another active programme meanwhile.
    other = programme(by=province_staff, name="other")
    rules = TargetingRules(
        quota_mode=QuotaMode.NUMBER,
        district_quotas={MAE_RIM: 3},
        exclude_other_programmes=False,
    )
    targeted(other, by=province_staff, rules=rules)
    assert case_of_in(other, mae_rim[2])
    programme_activate(programme=other, by=province_staff)
    result = target_verify(
        target=Target.objects.get(household=mae_rim[0], programme=_p),
        outcome="not_found",
        note="x",
        by=district_officer_mae_rim,
    )
    assert result.replacement.household == mae_rim[3]


def case_of_in(programme_, household) -> Target:
    return Target.objects.get(programme=programme_, household=household)


def test_a_rejected_case_needs_a_note_and_a_dropped_case_is_final(cases, district_officer_mae_rim):
    _p, mae_rim, _mueang = cases
    target = case_of(mae_rim[0])
    with pytest.raises(ValidationError) as error:
        target_verify(target=target, outcome="moved", note="  ", by=district_officer_mae_rim)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        target_verify(target=target, outcome="pending", note="", by=district_officer_mae_rim)
    assert "outcome" in error.value.message_dict
    target_verify(target=target, outcome="moved", note="ย้าย", by=district_officer_mae_rim)
    with pytest.raises(ValidationError) as error:
        target_verify(target=target, outcome="confirmed", note="", by=district_officer_mae_rim)
    assert error.value.code == "dropped"
    assert Target.objects.filter(replaces=target).count() == 1


def test_a_confirmed_case_may_still_be_rejected(cases, district_officer_mae_rim):
    _p, mae_rim, _mueang = cases
    target = case_of(mae_rim[0])
    target_verify(target=target, outcome="confirmed", note="", by=district_officer_mae_rim)
    result = target_verify(
        target=target, outcome="deceased", note="เสียชีวิต", by=district_officer_mae_rim
    )
    target.refresh_from_db()
    assert (target.stage, target.drop_reason) == (Stage.DROPPED, Verification.DECEASED)
    assert result.replacement is not None


def test_a_closed_programme_takes_no_verification(cases, district_officer_mae_rim, province_staff):
    p, mae_rim, _mueang = cases
    programme_close(programme=p, by=province_staff)
    with pytest.raises(ValidationError):
        target_verify(
            target=case_of(mae_rim[0]), outcome="confirmed", note="", by=district_officer_mae_rim
        )


def test_an_officer_cannot_verify_or_class_another_districts_case(
    cases, district_officer_mueang, outsider, viewer, agency_liaison
):
    _p, mae_rim, _mueang = cases
    target = case_of(mae_rim[0])
    for user in (district_officer_mueang, outsider, viewer, agency_liaison):
        with pytest.raises(Http404):
            target_verify(target=target, outcome="not_found", note="x", by=user)
        with pytest.raises(Http404):
            target_capacity_set(target=target, capacity="self", reason="x", by=user)
    target.refresh_from_db()
    assert target.verification == Verification.PENDING
    assert target.capacity == Capacity.NOT_CLASSED
    assert not Target.objects.filter(replaces=target).exists()


def test_province_staff_may_record_a_check_in_any_district_of_the_province(cases, province_staff):
    _p, mae_rim, _mueang = cases
    target_verify(target=case_of(mae_rim[0]), outcome="confirmed", note="", by=province_staff)
    assert case_of(mae_rim[0]).stage == Stage.VERIFIED


def test_a_moved_household_is_verified_by_the_officer_of_where_it_lives_now(
    cases, district_officer_mae_rim, district_officer_mueang
):
    _p, mae_rim, _mueang = cases
    household = mae_rim[0]
    household.village = VillageFactory(
        code=VILLAGES[MUEANG][1]
    )  # moved to Mueang (a later import's address)
    household.save(update_fields=["village"])
    target = case_of(household)
    with pytest.raises(Http404):
        target_verify(target=target, outcome="confirmed", note="", by=district_officer_mae_rim)
    target_verify(target=target, outcome="confirmed", note="", by=district_officer_mueang)
    target.refresh_from_db()
    assert target.district_id == MAE_RIM  # the quota it was chosen under stays
    assert target.stage == Stage.VERIFIED


# Capacity ----------------------------------------------------------------------------------


def test_capacity_class_with_its_reason(cases, district_officer_mae_rim):
    _p, mae_rim, _mueang = cases
    target = target_capacity_set(
        target=case_of(mae_rim[0]),
        capacity=Capacity.CARE_ELDERLY,
        reason="ยายอายุ 82 ปี อยู่คนเดียว",
        by=district_officer_mae_rim,
    )
    assert target.needs_care
    assert target.capacity_reason == "ยายอายุ 82 ปี อยู่คนเดียว"
    assert target.capacity_by == district_officer_mae_rim
    target = target_capacity_set(
        target=target,
        capacity=Capacity.SELF_DEVELOP,
        reason="ลูกชายกลับมา",
        by=district_officer_mae_rim,
    )
    assert not target.needs_care
    entries = ActivityLog.objects.filter(action="households.target.capacity_set").order_by("pk")
    assert [e.data for e in entries] == [
        {"capacity": "care_elderly", "before": ""},
        {"capacity": "self", "before": "care_elderly"},
    ]
    with pytest.raises(ValidationError) as error:
        target_capacity_set(target=target, capacity="self", reason="", by=district_officer_mae_rim)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        target_capacity_set(target=target, capacity="rich", reason="x", by=district_officer_mae_rim)
    assert "capacity" in error.value.message_dict


# Stage -------------------------------------------------------------------------------------


def test_stage_is_derived_from_what_happened(cases):
    _p, mae_rim, _mueang = cases
    target = case_of(mae_rim[0])
    assert target.stage == Stage.TARGETED
    # Whatever is stored, a refresh puts back what the facts say.
    Target.objects.filter(pk=target.pk).update(stage=Stage.VERIFIED)
    target.refresh_from_db()
    target_stage_refresh(target)
    target.refresh_from_db()
    assert (target.stage, target.drop_reason) == (Stage.TARGETED, "")
    for outcome, stage, reason in (
        (Verification.CONFIRMED, Stage.VERIFIED, ""),
        (Verification.NOT_POOR, Stage.DROPPED, Verification.NOT_POOR),
        (Verification.PENDING, Stage.TARGETED, ""),
    ):
        target.verification = outcome
        target_stage_refresh(target)
        target.refresh_from_db()
        assert (target.stage, target.drop_reason) == (stage, reason)


def test_the_database_refuses_a_drop_reason_on_a_live_case(cases):
    _p, mae_rim, _mueang = cases
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.filter(household=mae_rim[0]).update(drop_reason="moved")


def test_a_household_is_a_target_once_per_programme(cases):
    p, mae_rim, _mueang = cases
    target = case_of(mae_rim[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            programme=p,
            household=target.household,
            survey=target.survey,
            district_id=MAE_RIM,
            rank=99,
            selected_by_run=target.selected_by_run,
        )


# Who sees what -----------------------------------------------------------------------------


def test_who_sees_which_programmes_and_cases(
    cases,
    province_admin,
    province_staff,
    district_officer_mae_rim,
    district_officer_mueang,
    agency_liaison,
    viewer,
    outsider,
    no_role,
):
    p, mae_rim, mueang = cases
    mae_rim_cases = {case_of(h).pk for h in mae_rim[:2]}
    all_cases = {*mae_rim_cases, case_of(mueang).pk}
    expected = {
        # persona: (sees the programme, the cases it sees)
        province_admin: (True, all_cases),
        province_staff: (True, all_cases),
        district_officer_mae_rim: (True, mae_rim_cases),
        district_officer_mueang: (True, {case_of(mueang).pk}),
        agency_liaison: (False, set()),  # host agencies come with the next slice
        viewer: (True, set()),  # aggregates only: no personal data
        outsider: (False, set()),  # Lamphun
        no_role: (False, set()),
    }
    for user, (sees_programme, sees_cases) in expected.items():
        assert programmes_visible_to(user).filter(pk=p.pk).exists() == sees_programme, user
        assert set(targets_visible_to(user).values_list("pk", flat=True)) == sees_cases, user
        for pk in all_cases:
            if pk in sees_cases:
                assert get_target_for_user_or_404(user, pk).pk == pk
            else:
                with pytest.raises(Http404):
                    get_target_for_user_or_404(user, pk)
        if sees_programme:
            assert get_programme_for_user_or_404(user, p.pk) == p
        else:
            with pytest.raises(Http404):
                get_programme_for_user_or_404(user, p.pk)
    for user in (province_staff, outsider):
        with pytest.raises(Http404):
            get_target_for_user_or_404(user, 999999)
        with pytest.raises(Http404):
            get_programme_for_user_or_404(user, "x")
