"""`POST /fairs/<pk>/check-in/`: the JSON contract the desk page and its offline queue use."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from events.models import CheckIn

from .factories_checkin import fair_world


@pytest.fixture
def world(province_staff):
    return fair_world(by=province_staff)


@pytest.fixture
def desk_client(fair_desk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fair_desk)
    client.get(reverse("home"))  # a page that sets the CSRF cookie
    return client


def _post(client, fair, body, *, csrf=True):
    headers = {"X-CSRFToken": client.cookies["csrftoken"].value} if csrf else {}
    return client.post(
        reverse("events:check_in_api", args=[fair.pk]),
        data=json.dumps(body) if not isinstance(body, bytes) else body,
        content_type="application/json",
        headers=headers,
    )


def _body(invitation, nonce, desk=None):
    return {
        "code": invitation.code,
        "desk": desk.pk if desk else invitation.desk_id,
        "nonce": nonce,
        "scanned_at": "2026-12-06T09:15:00+07:00",
    }


def test_check_in_then_already_then_replay(world, desk_client):
    invitation = world.invitations[0]
    first = _post(desk_client, world.fair, _body(invitation, "n-1"))
    assert first.status_code == 200
    assert first.json()["result"] == "checked_in"
    assert first.json()["code"] == invitation.code
    second = _post(desk_client, world.fair, _body(invitation, "n-2"))
    assert second.json()["result"] == "already_checked_in"
    assert set(second.json()["first"]) == {"at", "desk", "by"}
    replay = _post(desk_client, world.fair, _body(invitation, "n-1"))
    assert replay.json() == first.json()
    check_in = CheckIn.objects.get()
    assert check_in.scanned_at.isoformat() == "2026-12-06T02:15:00+00:00"
    unknown = _post(desk_client, world.fair, {**_body(invitation, "n-3"), "code": "XXXXXXXXXX"})
    assert unknown.json() == {"result": "unknown_code", "code": "XXXXXXXXXX"}


def test_the_csrf_header_is_required(world, desk_client):
    response = _post(desk_client, world.fair, _body(world.invitations[0], "c-1"), csrf=False)
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "JSON"),
        ([1, 2], "JSON object"),
        ({"code": 5, "nonce": "x"}, "code"),
        ({"code": "ABC", "nonce": "x", "desk": "1"}, "desk"),
        ({"code": "ABC", "nonce": "x", "scanned_at": "09:15"}, "scanned_at"),
        ({"code": "ABC", "nonce": "x", "scanned_at": "2026-12-06T09:15:00"}, "scanned_at"),
        ({"code": "ABC", "nonce": ""}, "nonce"),
        ({"code": "ABC", "nonce": "x", "desk": 999999}, "desk"),
    ],
)
def test_a_bad_request_says_what_is_wrong(world, desk_client, body, field, english):
    response = _post(desk_client, world.fair, body)
    assert response.status_code == 400
    assert field.split()[0].lower() in response.json()["error"].lower()
    assert not CheckIn.objects.exists()


def test_a_fair_of_another_province_answers_404(world, client):
    from povertyprog.accounts.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="desk51", role=Role.FAIR_DESK, area_scope="51"))
    response = client.post(
        reverse("events:check_in_api", args=[world.fair.pk]),
        data=json.dumps(_body(world.invitations[0], "o-1")),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_a_bad_request_to_a_fair_of_another_province_answers_404_too(world, client):
    from povertyprog.accounts.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="desk51b", role=Role.FAIR_DESK, area_scope="51"))
    for body in (b"not json", json.dumps({"code": "ABC", "nonce": ""})):
        response = client.post(
            reverse("events:check_in_api", args=[world.fair.pk]),
            data=body,
            content_type="application/json",
        )
        assert response.status_code == 404
