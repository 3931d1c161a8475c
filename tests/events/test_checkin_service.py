"""The check-in service: one check-in per case, the first one told to a second desk, a
replayed nonce answered as the first time, walk-ins, paper sheets, scope."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from events.codes import code_display
from events.models import CheckIn, CheckInAttempt, CheckInKind, CheckInResult
from events.services.checkin import check_in_by_code, check_in_target
from povertyprog.accounts.roles import Role
from povertyprog.audit.models import ActivityLog
from tests.factories import UserFactory
from tests.households.targeting_world import MAE_RIM, MUEANG

from .factories_checkin import fair_world


@pytest.fixture
def world(province_staff):
    return fair_world(by=province_staff)


def _scan(world, invitation, by, *, nonce, desk=None, code=None):
    return check_in_by_code(
        fair=world.fair,
        code=code if code is not None else invitation.code,
        desk=desk or world.desks[invitation.district_id],
        nonce=nonce,
        scanned_at=timezone.now(),
        by=by,
    )


def test_a_code_checks_in_once_and_the_second_desk_is_told_of_the_first(world, fair_desk):
    invitation = world.invitations[0]
    first = _scan(world, invitation, fair_desk, nonce="a1")
    assert first["result"] == "checked_in"
    assert first["code"] == invitation.code
    assert "first" not in first
    other_desk = world.desks[MUEANG] if invitation.district_id == MAE_RIM else world.desks[MAE_RIM]
    again = _scan(world, invitation, fair_desk, nonce="b2", desk=other_desk)
    assert again["result"] == "already_checked_in"
    assert again["first"]["desk"] == world.desks[invitation.district_id].name
    assert again["first"]["by"] == fair_desk.get_full_name()
    assert again["first"]["at"]
    assert CheckIn.objects.filter(fair=world.fair).count() == 1
    entries = ActivityLog.objects.filter(action="events.check_in.recorded")
    assert entries.count() == 1


def test_a_typed_code_is_forgiving(world, fair_desk):
    invitation = world.invitations[1]
    typed = code_display(invitation.code).lower().replace("-", " - ")
    assert _scan(world, invitation, fair_desk, nonce="t1", code=typed)["result"] == "checked_in"


@pytest.mark.parametrize("code", ["", "NOT-A-CODE", "3333333333", "๓๓๓๓๓๓๓๓๓๓"])
def test_an_unknown_code_is_answered_as_such_and_checks_nothing_in(world, fair_desk, code):
    answer = _scan(world, world.invitations[0], fair_desk, nonce="u1", code=code)
    assert answer["result"] == "unknown_code"
    assert not CheckIn.objects.exists()


def test_a_replayed_nonce_gets_the_first_answer_and_creates_nothing(world, fair_desk):
    invitation = world.invitations[2]
    first = _scan(world, invitation, fair_desk, nonce="same")
    replay = _scan(world, invitation, fair_desk, nonce="same")
    assert replay == first
    assert replay["result"] == "checked_in"  # not "already": the same request, again
    assert CheckIn.objects.count() == 1
    assert CheckInAttempt.objects.filter(nonce="same").count() == 1
    # Even with another code under the same nonce: the nonce names the request.
    assert _scan(world, world.invitations[3], fair_desk, nonce="same") == first
    assert CheckIn.objects.count() == 1


def test_a_request_needs_a_nonce(world, fair_desk):
    with pytest.raises(ValidationError) as error:
        _scan(world, world.invitations[0], fair_desk, nonce="")
    assert "nonce" in error.value.message_dict


def test_an_invitation_of_another_district_at_this_desk_is_a_walk_in(world, fair_desk):
    invitation = next(i for i in world.invitations if i.district_id == MAE_RIM)
    _scan(world, invitation, fair_desk, nonce="w1", desk=world.desks[MUEANG])
    assert CheckIn.objects.get().kind == CheckInKind.OTHER_DESK


def test_a_case_without_invitation_is_a_walk_in_and_a_paper_tick_a_late_entry(world, fair_desk):
    result, check_in = check_in_target(
        fair=world.fair, target=world.walk_in, desk=world.desks[MUEANG], by=fair_desk
    )
    assert (result, check_in.kind) == (CheckInResult.CHECKED_IN, CheckInKind.NOT_INVITED)
    invitation = world.invitations[0]
    at = timezone.now() - timedelta(hours=2)
    result, check_in = check_in_target(
        fair=world.fair,
        target=invitation.target,
        desk=world.desks[invitation.district_id],
        by=fair_desk,
        late_entry=True,
        checked_in_at=at,
    )
    assert result == CheckInResult.CHECKED_IN
    assert check_in.late_entry
    assert check_in.checked_in_at == at
    assert check_in.invitation == invitation
    again, first = check_in_target(
        fair=world.fair, target=invitation.target, desk=None, by=fair_desk
    )
    assert again == CheckInResult.ALREADY
    assert first.pk == check_in.pk


def test_only_check_in_users_of_the_fairs_province(world, viewer, district_officer_mae_rim):
    invitation = world.invitations[0]
    with pytest.raises(Http404):
        _scan(world, invitation, viewer, nonce="v1")
    lamphun_desk = UserFactory(username="desk51", role=Role.FAIR_DESK, area_scope="51")
    with pytest.raises(Http404):
        _scan(world, invitation, lamphun_desk, nonce="l1")
    # A Mae Rim officer checks in by code (any of the fair's invitations), but finds and taps
    # only the cases of their district.
    assert _scan(world, invitation, district_officer_mae_rim, nonce="m1")["result"]
    with pytest.raises(Http404):
        check_in_target(
            fair=world.fair, target=world.walk_in, desk=None, by=district_officer_mae_rim
        )


def test_a_desk_of_another_fair_is_refused(world, fair_desk):
    from events.models import Desk, Fair

    other = Fair.objects.create(
        programme=world.fair.programme,
        starts_at=world.fair.starts_at,
        ends_at=world.fair.ends_at,
        venue="อื่น",
        capacity=1,
        rsvp_deadline=world.fair.rsvp_deadline,
    )
    desk = Desk.objects.create(fair=other, name="อื่น")
    with pytest.raises(ValidationError):
        _scan(world, world.invitations[0], fair_desk, nonce="d1", desk=desk)


def test_the_fair_named_by_its_pk_is_found_in_scope_or_answers_404(world, fair_desk):
    invitation = world.invitations[0]
    scan = {"code": invitation.code, "desk": None, "scanned_at": None, "by": fair_desk}
    assert check_in_by_code(fair=world.fair.pk, nonce="p1", **scan)["result"] == "checked_in"
    for missing in (world.fair.pk + 1000, 2**70):
        with pytest.raises(Http404):
            check_in_by_code(fair=missing, nonce="p2", **scan)
    lamphun_desk = UserFactory(username="desk51p", role=Role.FAIR_DESK, area_scope="51")
    with pytest.raises(Http404):
        check_in_by_code(fair=world.fair.pk, nonce="p3", **{**scan, "by": lamphun_desk})
    assert CheckInAttempt.objects.count() == 1


@pytest.mark.parametrize("desk", ["other fair's", 2**70])
def test_a_desk_number_not_of_this_fair_is_refused(world, fair_desk, desk):
    if desk == "other fair's":
        other = world.fair.programme.fairs.create(
            starts_at=world.fair.starts_at,
            ends_at=world.fair.ends_at,
            venue="อื่น",
            capacity=1,
            rsvp_deadline=world.fair.rsvp_deadline,
        )
        desk = other.desks.create(name="อื่น").pk
    with pytest.raises(ValidationError) as error:
        _scan(world, world.invitations[0], fair_desk, nonce="d2", desk=desk)
    assert "desk" in error.value.message_dict
    assert not CheckIn.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite locks)"
)
@pytest.mark.django_db(transaction=True)
def test_two_desks_at_once_make_one_check_in_and_one_nonce_one_answer(areas):
    staff = UserFactory(username="staff50c", role=Role.PROVINCE_STAFF, area_scope="50")
    desk_user = UserFactory(username="desk50c", role=Role.FAIR_DESK, area_scope="50")
    world = fair_world(by=staff)
    invitation = world.invitations[0]
    barrier = threading.Barrier(4)
    answers = []

    def scan(nonce):
        try:
            barrier.wait()
            answers.append(_scan(world, invitation, desk_user, nonce=nonce))
        finally:
            connection.close()

    threads = [threading.Thread(target=scan, args=(n,)) for n in ("x", "y", "z", "z")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CheckIn.objects.filter(fair=world.fair).count() == 1
    # x, y and z race: one of them checks in; "z" twice is one request answered twice.
    results = [a["result"] for a in answers]
    assert len(answers) == 4
    assert set(results) <= {"checked_in", "already_checked_in"}
    stored = dict(CheckInAttempt.objects.filter(fair=world.fair).values_list("nonce", "result"))
    assert sorted(stored) == ["x", "y", "z"]
    assert list(stored.values()).count("checked_in") == 1  # one request won, two were told
    z = CheckInAttempt.objects.get(fair=world.fair, nonce="z").answer
    assert answers.count(z) >= 2  # both "z" requests got the one stored answer
    assert ActivityLog.objects.filter(action="events.check_in.recorded").count() == 1
