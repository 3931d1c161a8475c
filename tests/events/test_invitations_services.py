"""Invitations and RSVPs through their services: generation within quotas, codes, add and
remove, answers with their audit trail, and two officers answering from the same screen."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from events.codes import ALPHABET, LENGTH
from events.models import CheckIn, CheckInKind, Desk, Invitation, RSVPChannel, RSVPStatus
from events.services.invitations import (
    invitation_add,
    invitation_remove,
    invitations_generate,
    rsvp_confirm_village,
    rsvp_record,
    rsvp_self_service,
)
from households.models import Stage
from povertyprog.audit.models import ActivityLog
from tests.events.factories_invitations import fair_with_targets

MAE_RIM_1, MAE_RIM_2, MUEANG_1 = "50070101", "50070201", "50010101"


@pytest.fixture
def world(db):
    return fair_with_targets(villages={MAE_RIM_1: 4, MAE_RIM_2: 3, MUEANG_1: 5})


def test_generate_all_districts_without_quota_invites_every_verified_case(world, province_staff):
    fair, _made = world
    counts = invitations_generate(fair=fair, by=province_staff)
    assert counts == {"5001": 5, "5007": 7}
    assert Invitation.objects.filter(fair=fair).count() == 12
    invitation = Invitation.objects.filter(district_id="5007").first()
    assert invitation.desk.district_id == "5007"
    log = ActivityLog.objects.get(action="events.invitations.generated")
    assert log.data["invited"] == 12
    assert log.data["by_district"] == {"5001": 5, "5007": 7}


def test_generate_respects_quota_in_rank_order_and_skips_the_invited(db, province_staff):
    fair, _made = fair_with_targets(
        villages={MAE_RIM_1: 4, MAE_RIM_2: 3, MUEANG_1: 5}, quotas={"5007": 5, "5001": 2}
    )
    assert invitations_generate(fair=fair, by=province_staff) == {"5001": 2, "5007": 5}
    ranks = sorted(
        Invitation.objects.filter(district_id="5007").values_list("target__rank", flat=True)
    )
    assert ranks == [1, 2, 3, 4, 5]
    # Again: nothing more (quota full), no duplicates.
    assert invitations_generate(fair=fair, by=province_staff) == {}
    assert Invitation.objects.count() == 7


def test_generate_given_districts_only(world, province_staff):
    fair, _made = world
    assert invitations_generate(fair=fair, districts=["5001"], by=province_staff) == {"5001": 5}
    assert set(Invitation.objects.values_list("district_id", flat=True)) == {"5001"}


def test_an_officer_generates_their_district_only(world, district_officer_mae_rim):
    fair, _made = world
    with pytest.raises(ValidationError):
        invitations_generate(fair=fair, districts=["5001"], by=district_officer_mae_rim)
    assert invitations_generate(fair=fair, by=district_officer_mae_rim) == {"5007": 7}


def test_targeted_and_dropped_cases_are_not_invited(db, province_staff):
    fair, made = fair_with_targets(villages={MAE_RIM_1: 2}, stage=Stage.TARGETED)
    target = made[MAE_RIM_1][0]
    assert invitations_generate(fair=fair, by=province_staff) == {}
    with pytest.raises(ValidationError):
        invitation_add(fair=fair, target=target, by=province_staff)


def test_unchecked_cases_are_invited_when_asked_dropped_ones_never(db, province_staff):
    fair, made = fair_with_targets(villages={MAE_RIM_1: 3}, stage=Stage.TARGETED)
    dropped = made[MAE_RIM_1][2]
    dropped.stage = Stage.DROPPED
    dropped.save(update_fields=["stage"])
    assert invitations_generate(fair=fair, unchecked=True, by=province_staff) == {"5007": 2}
    invited = set(Invitation.objects.values_list("target_id", flat=True))
    assert invited == {made[MAE_RIM_1][0].pk, made[MAE_RIM_1][1].pk}
    log = ActivityLog.objects.get(action="events.invitations.generated")
    assert log.data["unchecked"] is True


def test_codes_are_unique_and_from_the_alphabet(db, province_staff):
    fair, _made = fair_with_targets(villages={MAE_RIM_1: 30})
    invitations_generate(fair=fair, by=province_staff)
    codes = list(Invitation.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 30
    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)


def test_a_code_collision_is_retried(world, province_staff, monkeypatch):
    fair, made = world
    first = invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=province_staff)
    draws = iter([first.code, first.code, "KKKKKKKKKK"])
    monkeypatch.setattr("events.services.invitations.code_new", lambda: next(draws))
    second = invitation_add(fair=fair, target=made[MAE_RIM_1][1], by=province_staff)
    assert second.code == "KKKKKKKKKK"


def test_generation_runs_a_constant_number_of_queries(
    db, province_staff, django_assert_max_num_queries
):
    fair, _made = fair_with_targets(villages={MAE_RIM_1: 40})
    with django_assert_max_num_queries(15):
        invitations_generate(fair=fair, by=province_staff)
    assert Invitation.objects.count() == 40


def test_add_within_quota_and_remove_frees_it(db, district_officer_mae_rim):
    fair, made = fair_with_targets(villages={MAE_RIM_1: 3}, quotas={"5007": 1})
    a, b = made[MAE_RIM_1][:2]
    invitation = invitation_add(fair=fair, target=a, by=district_officer_mae_rim)
    with pytest.raises(ValidationError) as refused:
        invitation_add(fair=fair, target=b, by=district_officer_mae_rim)
    assert refused.value.error_dict["target"][0].code == "quota"
    with pytest.raises(ValidationError):
        invitation_add(fair=fair, target=a, by=district_officer_mae_rim)  # twice
    invitation_remove(invitation=invitation, by=district_officer_mae_rim)
    invitation_add(fair=fair, target=b, by=district_officer_mae_rim)
    assert list(
        ActivityLog.objects.filter(action__startswith="events.invitation.").values_list(
            "action", flat=True
        )
    ) == ["events.invitation.added", "events.invitation.removed", "events.invitation.added"]


def test_officers_work_in_their_district_only(
    world, district_officer_mueang, district_officer_mae_rim
):
    fair, made = world
    with pytest.raises(ValidationError):
        invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=district_officer_mueang)
    invitation = invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=district_officer_mae_rim)
    with pytest.raises(ValidationError):
        invitation_remove(invitation=invitation, by=district_officer_mueang)
    with pytest.raises(ValidationError):
        rsvp_confirm_village(fair=fair, village_code=MAE_RIM_1, by=district_officer_mueang)


def test_remove_refused_once_checked_in(world, province_staff):
    fair, made = world
    invitation = invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=province_staff)
    CheckIn.objects.create(
        fair=fair,
        target=invitation.target,
        invitation=invitation,
        kind=CheckInKind.INVITED,
        checked_in_at=timezone.now(),
        by=province_staff,
    )
    with pytest.raises(ValidationError) as refused:
        invitation_remove(invitation=invitation, by=province_staff)
    assert refused.value.code == "checked_in"


def _answer(invitation, by, status, version, **extra):
    return rsvp_record(
        invitation=invitation,
        status=status,
        channel=RSVPChannel.PHONE,
        expected_version=version,
        by=by,
        **extra,
    )


def test_rsvp_record_is_audited_and_bumps_the_version(world, district_officer_mae_rim):
    fair, made = world
    invitation = invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=district_officer_mae_rim)
    _answer(
        invitation,
        district_officer_mae_rim,
        RSVPStatus.CONFIRMED,
        1,
        representative_name="นางสมศรี",
        representative_relation="ภรรยา",
        people_coming=2,
        transport_needed=True,
    )
    invitation.refresh_from_db()
    assert (invitation.rsvp_status, invitation.version, invitation.people_coming) == (
        "confirmed",
        2,
        2,
    )
    assert invitation.rsvp_by == district_officer_mae_rim
    assert invitation.rsvp_at
    assert invitation.transport_needed
    assert invitation.representative_relation == "ภรรยา"
    log = ActivityLog.objects.get(action="events.rsvp.recorded")
    assert log.actor == district_officer_mae_rim
    assert log.data == {"status": "confirmed", "channel": "phone", "people_coming": 2}


def test_two_officers_with_the_same_version_the_second_is_refused(
    world, district_officer_mae_rim, province_staff, english
):
    fair, made = world
    invitation = invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=province_staff)
    seen_by_second = Invitation.objects.get(pk=invitation.pk)
    _answer(invitation, district_officer_mae_rim, RSVPStatus.CONFIRMED, 1)
    with pytest.raises(ValidationError) as refused:
        _answer(seen_by_second, province_staff, RSVPStatus.DECLINED, 1)
    assert refused.value.code == "conflict"
    message = " ".join(refused.value.messages)
    assert district_officer_mae_rim.get_full_name() in message
    assert "Will attend" in message
    invitation.refresh_from_db()
    assert invitation.rsvp_status == "confirmed"
    assert invitation.version == 2


def test_concurrent_answers_one_wins_on_postgresql(areas, district_officer_mae_rim, province_staff):
    """Two connections answer from the same version at once (the `areas` fixture: a
    transactional test, with the areas and the indicator set put back if an earlier one
    emptied the tables)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections: SQLite serializes every writer")
    fair, made = fair_with_targets(villages={MAE_RIM_1: 1})
    invitation = invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=province_staff)
    barrier = threading.Barrier(2)
    results = []

    def answer(user, status):
        try:
            barrier.wait()
            _answer(Invitation.objects.get(pk=invitation.pk), user, status, 1)
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=(district_officer_mae_rim, RSVPStatus.CONFIRMED)),
        threading.Thread(target=answer, args=(province_staff, RSVPStatus.DECLINED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict", "ok"]
    invitation.refresh_from_db()
    assert invitation.version == 2
    assert ActivityLog.objects.filter(action="events.rsvp.recorded").count() == 1


def test_confirm_a_village_confirms_only_the_no_answers(world, district_officer_mae_rim):
    fair, _made = world
    invitations_generate(fair=fair, by=district_officer_mae_rim)
    declined = Invitation.objects.filter(target__household__village_id=MAE_RIM_1).first()
    _answer(declined, district_officer_mae_rim, RSVPStatus.DECLINED, 1)
    count = rsvp_confirm_village(fair=fair, village_code=MAE_RIM_1, by=district_officer_mae_rim)
    assert count == 3
    statuses = Invitation.objects.filter(target__household__village_id=MAE_RIM_1).values_list(
        "rsvp_status", "rsvp_channel", "people_coming"
    )
    assert sorted(statuses) == [("confirmed", "village_head", 1)] * 3 + [("declined", "phone", 0)]
    assert (
        Invitation.objects.filter(
            target__household__village_id=MAE_RIM_2, rsvp_status="no_answer"
        ).count()
        == 3
    )
    log = ActivityLog.objects.get(action="events.rsvp.village_confirmed")
    assert log.data == {"village": MAE_RIM_1, "confirmed": 3}


def test_self_service_answer_is_audited_as_such(world, province_staff):
    fair, made = world
    invitation = invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=province_staff)
    typed = invitation.code[:5].lower() + "-" + invitation.code[5:]
    rsvp_self_service(code=typed, status=RSVPStatus.CONFIRMED, people_coming=3)
    invitation.refresh_from_db()
    assert (invitation.rsvp_status, invitation.rsvp_channel, invitation.rsvp_by) == (
        "confirmed",
        "self_service",
        None,
    )
    log = ActivityLog.objects.get(action="events.rsvp.self_service")
    assert log.actor is None
    assert log.data["channel"] == "self_service"


def test_self_service_closes_when_the_fair_starts(world, province_staff):
    fair, made = world
    invitation = invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=province_staff)
    fair.starts_at = fair.created_at
    fair.save(update_fields=["starts_at"])
    with pytest.raises(ValidationError) as refused:
        rsvp_self_service(code=invitation.code, status=RSVPStatus.CONFIRMED, people_coming=1)
    assert refused.value.code == "closed"
    with pytest.raises(ValidationError):
        rsvp_self_service(code="nonsense", status=RSVPStatus.CONFIRMED, people_coming=1)


def test_generation_in_several_batches(
    db, province_staff, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("events.services.invitations.BATCH_SIZE", 7)
    fair, _made = fair_with_targets(villages={MAE_RIM_1: 40}, quotas={"5007": 33})
    with django_assert_max_num_queries(15 + 3 * 5):  # a savepoint, an INSERT, a release each
        assert invitations_generate(fair=fair, by=province_staff) == {"5007": 33}
    assert Invitation.objects.values("code").distinct().count() == 33


def test_generated_and_added_invitations_go_to_the_same_desk_of_their_district(
    world, province_staff
):
    fair, made = world
    first = Desk.objects.get(fair=fair, district_id="5007")
    Desk.objects.create(fair=fair, name="จุดลงทะเบียนแม่ริม 2", district_id="5007")
    invitations_generate(fair=fair, districts=["5007"], by=province_staff)
    invitation_remove(
        invitation=Invitation.objects.get(target=made[MAE_RIM_1][0]), by=province_staff
    )
    invitation_add(fair=fair, target=made[MAE_RIM_1][0], by=province_staff)
    assert set(Invitation.objects.values_list("desk_id", flat=True)) == {first.pk}
