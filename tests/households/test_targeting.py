"""Targeting (ชี้เป้าชีวิต): the rules, the quotas, the preview, and creating exactly what the
preview showed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from households.models import Programme, Stage, Target, TargetingRun, Verification
from households.programme_services import programme_activate, targets_create
from households.services import survey_correct
from households.targeting import (
    TIE_ORDER,
    IndicatorMatch,
    QuotaMode,
    TargetingRules,
    targeting_preview,
    targeting_state,
)
from povertyprog.audit.models import ActivityLog

from .factories import SurveyRoundFactory
from .targeting_world import CHOM_THONG, MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

pytestmark = pytest.mark.django_db


def preview_of(programme_, rules=None, user=None):
    return targeting_preview(programme=programme_, rules=rules or TargetingRules(), user=user)


def chosen_ids(preview) -> list[int]:
    return [c.household_id for c in preview.chosen]


def line(preview, code):
    return next(line for line in preview.districts if line.code == code)


def households_in(district: str, *incomes, **values):
    return [record(VILLAGES[district][0], income, **values).household for income in incomes]


# Rules -------------------------------------------------------------------------------------


def test_income_below_the_threshold_lowest_first(province_staff):
    above = households_in(MUEANG, 30000, 45000)  # at or above 30,000: not poor
    poor = households_in(MUEANG, 20000, 5000, 12000)
    preview = preview_of(programme(by=province_staff, target=10), user=province_staff)
    assert chosen_ids(preview) == [poor[1].pk, poor[2].pk, poor[0].pk]
    assert [c.rank for c in preview.chosen] == [1, 2, 3]
    assert preview.removed["income"] == len(above)


def test_ties_income_then_more_failed_indicators_then_household_id(province_staff):
    first_by_id = record(VILLAGES[MUEANG][0], 10000, failed=(22,)).household
    more_failed = record(VILLAGES[MUEANG][1], 10000, failed=(4, 22, 30)).household
    second_by_id = record(VILLAGES[MUEANG][0], 10000, failed=(8,)).household
    lowest = record(VILLAGES[MUEANG][0], 9999.99, failed=()).household
    preview = preview_of(programme(by=province_staff), user=province_staff)
    assert chosen_ids(preview) == [lowest.pk, more_failed.pk, first_by_id.pk, second_by_id.pk]
    assert preview.tie_order == str(TIE_ORDER)


def test_failed_indicators_any_or_all_of_a_list(province_staff):
    both = households_in(MUEANG, 1000, failed=(4, 8, 22))[0]
    only_4 = households_in(MUEANG, 2000, failed=(4, 22))[0]
    neither = households_in(MUEANG, 3000, failed=(22,))[0]
    p = programme(by=province_staff)
    any_of = preview_of(p, TargetingRules(indicators=(4, 8)))
    assert chosen_ids(any_of) == [both.pk, only_4.pk]
    assert any_of.removed["indicators"] == 1
    all_of = preview_of(p, TargetingRules(indicators=(4, 8), indicator_match=IndicatorMatch.ALL))
    assert chosen_ids(all_of) == [both.pk]
    assert all_of.removed["indicators"] == 2
    # Indicators alone, income rule off: a household above the threshold failing 4 is in.
    rich = households_in(MUEANG, 90000, failed=(4,))[0]
    alone = preview_of(p, TargetingRules(below_threshold=False, indicators=(4,)))
    assert set(chosen_ids(alone)) == {both.pk, only_4.pk, rich.pk}
    assert neither.pk not in chosen_ids(alone)


def test_rules_that_make_no_sense_are_refused(province_staff):
    p = programme(by=province_staff)
    with pytest.raises(ValidationError) as error:
        preview_of(p, TargetingRules(below_threshold=False))
    assert "below_threshold" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        preview_of(p, TargetingRules(indicators=(99,)))
    assert "indicators" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        preview_of(p, TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={"5101": 3}))
    assert "district_quotas" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        preview_of(p, TargetingRules(quota_mode=QuotaMode.SHARE, share_percent=0))
    assert "share_percent" in error.value.message_dict


def test_rules_round_trip_through_json():
    rules = TargetingRules(
        indicators=(8, 4),
        indicator_match=IndicatorMatch.ALL,
        quota_mode=QuotaMode.NUMBER,
        district_quotas={"5007": 3, "5001": 2},
        exclude_graduated=False,
        just_missed=2,
    )
    data = rules.as_json()
    assert data["indicators"] == [4, 8]
    assert TargetingRules.from_json(data) == TargetingRules.from_json(rules.as_json())
    assert TargetingRules.from_json(data).fingerprint() == rules.fingerprint()
    assert TargetingRules.from_json(data).district_quotas == {"5001": 2, "5007": 3}


# Quotas ------------------------------------------------------------------------------------


def test_proportional_split_by_largest_remainders(province_staff):
    households_in(MUEANG, *range(1000, 6000, 1000))  # 5 poor
    households_in(MAE_RIM, 1000, 2000, 3000)  # 3 poor
    households_in(CHOM_THONG, 1000, 2000)  # 2 poor
    # 4 of 10: exact shares 2.0, 1.2, 0.8 -> 2, 1, 0 and the one left goes to the largest
    # remainder (Chom Thong's 0.8), not to the largest district.
    preview = preview_of(programme(by=province_staff, target=4))
    assert {line.code: line.chosen for line in preview.districts} == {
        MUEANG: 2,
        CHOM_THONG: 1,
        MAE_RIM: 1,
    }
    # 5 of 10: shares 2.5, 1.5, 1.0 -> 2, 1, 1; equal remainders: the lower code first.
    preview = preview_of(programme(by=province_staff, target=5, name="second"))
    assert {line.code: line.chosen for line in preview.districts} == {
        MUEANG: 3,
        CHOM_THONG: 1,
        MAE_RIM: 1,
    }
    assert len(preview.chosen) == 5
    assert preview.removed["quota"] == 5
    assert not preview.short_districts


def test_a_district_with_too_few_poor_households_gets_all_and_the_preview_says_so(
    province_staff,
):
    mueang = households_in(MUEANG, 1000, 2000)
    households_in(MAE_RIM, *range(1000, 9000, 1000))
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={MUEANG: 5, MAE_RIM: 3})
    preview = preview_of(programme(by=province_staff), rules)
    assert {c.household_id for c in preview.chosen if c.district_code == MUEANG} == {
        h.pk for h in mueang
    }
    assert line(preview, MUEANG).chosen == 2
    assert line(preview, MUEANG).short
    assert line(preview, MAE_RIM).chosen == 3
    assert not line(preview, MAE_RIM).short
    assert [line.code for line in preview.short_districts] == [MUEANG]
    assert preview.counts["short_districts"] == [MUEANG]


def test_a_quota_for_a_district_without_records_is_short_by_all_of_it(province_staff):
    households_in(MUEANG, 1000)
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={CHOM_THONG: 2})
    preview = preview_of(programme(by=province_staff), rules)
    assert preview.chosen == []
    assert [line.code for line in preview.short_districts] == [CHOM_THONG]
    assert line(preview, MUEANG).wanted == 0


def test_fewer_poor_than_the_target_all_chosen_every_district_short(province_staff):
    households_in(MUEANG, 1000, 2000)
    households_in(MAE_RIM, 1000)
    preview = preview_of(programme(by=province_staff, target=10))
    assert len(preview.chosen) == 3
    assert {line.code for line in preview.short_districts} == {MUEANG, MAE_RIM}


def test_share_of_each_districts_poor(province_staff):
    households_in(MUEANG, *range(1000, 11000, 1000))  # 10 poor: 25% is 2.5 -> 3
    households_in(MAE_RIM, 1000, 2000, 3000, 4000)  # 4 poor: 25% is 1
    rules = TargetingRules(quota_mode=QuotaMode.SHARE, share_percent=25)
    preview = preview_of(programme(by=province_staff), rules)
    assert {line.code: line.chosen for line in preview.districts} == {MUEANG: 3, MAE_RIM: 1}


def test_just_missed_are_the_next_in_each_district(province_staff):
    mueang = households_in(MUEANG, 1000, 2000, 3000, 4000)
    mae_rim = households_in(MAE_RIM, 1000, 2000, 3000)
    rules = TargetingRules(
        quota_mode=QuotaMode.NUMBER, district_quotas={MUEANG: 1, MAE_RIM: 1}, just_missed=2
    )
    preview = preview_of(programme(by=province_staff), rules)
    assert [(c.household_id, c.rank) for c in preview.just_missed] == [
        (mueang[1].pk, 2),
        (mueang[2].pk, 3),
        (mae_rim[1].pk, 2),
        (mae_rim[2].pk, 3),
    ]


def test_counts_per_district_subdistrict_and_village(province_staff):
    for village in (*VILLAGES[MUEANG], VILLAGES[MAE_RIM][0], VILLAGES[MAE_RIM][0]):
        record(village, 1000)
    preview = preview_of(programme(by=province_staff, target=10))
    assert preview.by_village == {"50010101": 1, "50010201": 1, "50070101": 2}
    assert preview.by_subdistrict == {"500101": 1, "500102": 1, "500701": 2}
    assert {line.code: line.name for line in preview.districts} == {
        MUEANG: "เมืองเชียงใหม่",
        MAE_RIM: "แม่ริม",
    }


def test_households_of_another_province_or_round_are_never_candidates(province_staff):
    mine = households_in(MUEANG, 1000)[0]
    record("51010101", 500)  # Lamphun
    from tests.households.factories import SurveyRoundFactory

    record(VILLAGES[MUEANG][0], 100, survey_round=SurveyRoundFactory(year_be=2555))
    preview = preview_of(programme(by=province_staff))
    assert chosen_ids(preview) == [mine.pk]


# Exclusions --------------------------------------------------------------------------------


def test_already_a_target_of_another_active_programme_is_excluded(province_staff):
    shared, other = households_in(MUEANG, 1000, 2000)
    earlier = programme(by=province_staff, target=1, name="earlier")
    targeted(earlier, by=province_staff)
    later = programme(by=province_staff, name="later")
    # A draft programme's targets do not count yet; an active one's do.
    assert chosen_ids(preview_of(later)) == [shared.pk, other.pk]
    programme_activate(programme=earlier, by=province_staff)
    preview = preview_of(later)
    assert chosen_ids(preview) == [other.pk]
    assert preview.removed["other_programme"] == 1
    # The rule can be turned off.
    assert chosen_ids(preview_of(later, TargetingRules(exclude_other_programmes=False))) == [
        shared.pk,
        other.pk,
    ]


def test_households_moved_or_deceased_by_a_rejected_verification_are_excluded(
    province_staff,
):
    moved, stays = households_in(MUEANG, 1000, 2000)
    earlier = programme(by=province_staff, target=1, name="earlier")
    targeted(earlier, by=province_staff)
    from households.programme_services import target_verify

    target_verify(
        target=Target.objects.get(household=moved),
        outcome=Verification.MOVED,
        note="ย้ายไปอยู่ลำพูน",
        by=province_staff,
    )
    preview = preview_of(programme(by=province_staff, name="later"))
    assert chosen_ids(preview) == [stays.pk]
    assert preview.removed["moved_or_deceased"] == 1


def test_graduated_in_an_earlier_programme_is_excluded(province_staff):
    graduated, other = households_in(MUEANG, 1000, 2000)
    earlier = programme(by=province_staff, target=1, name="earlier", year=2556)
    targeted(earlier, by=province_staff)
    # Graduation arrives with a later slice (a later round's import sets it through
    # target_stage_refresh); the exclusion already reads it.
    Target.objects.filter(household=graduated).update(stage=Stage.GRADUATED)
    later = programme(by=province_staff, name="later")
    preview = preview_of(later)
    assert chosen_ids(preview) == [other.pk]
    assert preview.removed["graduated"] == 1
    assert graduated.pk in chosen_ids(preview_of(later, TargetingRules(exclude_graduated=False)))


# Creating the targets ----------------------------------------------------------------------


def test_creation_makes_exactly_the_previewed_targets_and_records_the_rules(province_staff):
    households_in(MUEANG, 3000, 1000, 2000, 5000)
    households_in(MAE_RIM, 4000, 500)
    households_in(CHOM_THONG, 40000)
    p = programme(by=province_staff, target=4)
    rules = TargetingRules(just_missed=1)
    preview = preview_of(p, rules, user=province_staff)
    run = targets_create(
        programme=p, rules=rules, state_token=preview.state_token, by=province_staff
    )
    created = list(
        Target.objects.filter(programme=p).values_list(
            "household_id", "survey_id", "district_id", "rank", "stage", "selected_by_run"
        )
    )
    assert sorted(created) == sorted(
        (c.household_id, c.survey_id, c.district_code, c.rank, Stage.TARGETED, run.pk)
        for c in preview.chosen
    )
    assert run.rules == rules.as_json()
    assert run.created_by == province_staff
    assert run.counts == preview.counts
    assert run.counts["chosen"] == 4
    entries = ActivityLog.objects.filter(action="households.targets.created")
    assert entries.count() == 1  # once, not per target
    assert entries.get().data["targets"] == 4
    assert entries.get().target_id == str(p.pk)


def test_creation_refuses_when_the_registry_changed_since_the_preview(province_staff):
    households_in(MUEANG, 1000, 2000)
    p = programme(by=province_staff, target=1)
    rules = TargetingRules()
    preview = preview_of(p, rules)
    newcomer = households_in(MUEANG, 10)[0]  # a new, poorer household arrives
    with pytest.raises(ValidationError) as error:
        targets_create(programme=p, rules=rules, state_token=preview.state_token, by=province_staff)
    assert error.value.code == "stale"
    assert not Target.objects.exists()
    assert not TargetingRun.objects.exists()
    # A fresh preview, then creation, takes the newcomer.
    _preview, _run = targeted(p, by=province_staff, rules=rules)
    assert list(Target.objects.values_list("household_id", flat=True)) == [newcomer.pk]


def test_creation_refuses_a_correction_or_other_rules_since_the_preview(province_staff):
    survey = record(VILLAGES[MUEANG][0], 1000)
    p = programme(by=province_staff, target=1)
    preview = preview_of(p)
    with pytest.raises(ValidationError):
        targets_create(
            programme=p,
            rules=TargetingRules(just_missed=0),
            state_token=preview.state_token,
            by=province_staff,
        )
    survey_correct(survey=survey, income_per_person=Decimal(1500), by=province_staff)
    with pytest.raises(ValidationError):
        targets_create(
            programme=p, rules=TargetingRules(), state_token=preview.state_token, by=province_staff
        )
    assert not Target.objects.exists()


def test_targets_are_created_once(province_staff):
    households_in(MUEANG, 1000, 2000)
    p = programme(by=province_staff, target=1)
    targeted(p, by=province_staff)
    preview = preview_of(p)
    with pytest.raises(ValidationError) as error:
        targets_create(
            programme=p, rules=TargetingRules(), state_token=preview.state_token, by=province_staff
        )
    assert error.value.code == "already_targeted"
    assert Target.objects.count() == 1


def test_only_staff_of_the_programmes_province_target(
    province_staff, district_officer_mae_rim, viewer, outsider
):
    households_in(MUEANG, 1000)
    p = programme(by=province_staff)
    preview = preview_of(p)
    for user in (district_officer_mae_rim, viewer, outsider):
        with pytest.raises(Http404):
            targeting_preview(programme=p, rules=TargetingRules(), user=user)
        with pytest.raises(Http404):
            targets_create(
                programme=p, rules=TargetingRules(), state_token=preview.state_token, by=user
            )
    assert not Target.objects.exists()
    assert Programme.objects.get().targets.count() == 0


# Speed -------------------------------------------------------------------------------------


def _preview_queries(p) -> int:
    with CaptureQueriesContext(connection) as queries:
        preview_of(p)
    return len(queries)


def test_the_preview_queries_do_not_grow_with_the_number_of_households(province_staff):
    households_in(MUEANG, 1000, 2000)
    households_in(MAE_RIM, 1000)
    p = programme(by=province_staff, target=20)
    p.refresh_from_db()
    few = _preview_queries(p)
    for _district, villages in VILLAGES.items():
        for n, village in enumerate(villages * 8):
            record(village, 1000 + n * 10, failed=(4, 22))
    p.refresh_from_db()
    many = _preview_queries(p)
    assert len(preview_of(p).chosen) == 20
    assert many == few
    assert few <= 7


def test_creation_refuses_when_a_household_moved_since_the_preview(province_staff):
    from tests.factories import VillageFactory

    mover = households_in(MUEANG, 1000)[0]
    p = programme(by=province_staff, target=1)
    preview = preview_of(p)
    mover.village = VillageFactory(code=VILLAGES[MAE_RIM][0])  # its district changes
    mover.save(update_fields=["village", "updated_at"])
    with pytest.raises(ValidationError) as error:
        targets_create(
            programme=p, rules=TargetingRules(), state_token=preview.state_token, by=province_staff
        )
    assert error.value.code == "stale"


def test_the_token_does_not_depend_on_how_the_threshold_is_held_in_memory(province_staff):
    households_in(MUEANG, 1000)
    p = programme(by=province_staff, target=1)
    p.survey_round.income_threshold = Decimal(30000)  # "30000", the database's "30000.00"
    preview = preview_of(p)
    run = targets_create(
        programme=p, rules=TargetingRules(), state_token=preview.state_token, by=province_staff
    )
    assert run.targets.count() == 1


def _creation_queries(p, by) -> int:
    rules = TargetingRules()
    preview = preview_of(p, rules)
    with CaptureQueriesContext(connection) as queries:
        targets_create(programme=p, rules=rules, state_token=preview.state_token, by=by)
    return len(queries)


def test_creation_writes_the_targets_in_bulk(province_staff):
    households_in(MUEANG, 1000, 2000)
    few = _creation_queries(programme(by=province_staff, target=2, name="few"), province_staff)
    for n in range(30):
        record(VILLAGES[MAE_RIM][n % 2], 3000 + n)
    many = programme(by=province_staff, target=32, name="many")
    assert _creation_queries(many, province_staff) == few
    assert many.targets.count() == 32


def test_the_preview_reads_the_round_once_for_its_counts_and_its_token(province_staff):
    # The preview takes the registry's figures of its token from its per-district counts
    # (one pass over the round); the token must be the one the registry's own reading gives.
    households_in(MUEANG, 1000, 2000)
    households_in(MAE_RIM, 1500)
    p = programme(by=province_staff, target=2)
    rules = TargetingRules()
    assert preview_of(p, rules).state_token == targeting_state(p, rules)
    empty = programme(by=province_staff, target=2, name="ไม่มีครัวเรือน", year=2599)
    empty.survey_round = SurveyRoundFactory(year_be=2598)
    empty.save()
    assert preview_of(empty, rules).state_token == targeting_state(empty, rules)
