"""How many queries one request to `POST /fairs/<pk>/check-in/` makes, by its outcome: the
fair morning's hot path (issue 10, `manage.py bench_checkin`), where every round trip to
the database is paid by every scan. A change that adds one fails here: look at the new
query before raising the number.

Counted through HTTP with the session's cookie, as a desk sends it: the session and its
user (two queries every request pays), then the check-in's own. The audit entry's
ContentType is cached per process after the first check-in (ContentType.objects.
get_for_model), as in production. In production the transaction is BEGIN … COMMIT where
the test's outer transaction shows SAVEPOINT … RELEASE: the same count.
"""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from events.models import CheckIn

from .factories_checkin import fair_world

# Before issue 10: 13, 14, 9 and 4 (the fair, the nonce, the desk and the invitation read
# one by one; a savepoint around the check-in's insert, rolled back when it was a second).
NEW_CHECK_IN = 8  # session, user, one read, SAVEPOINT, check-in, audit entry, answer, RELEASE
ALREADY = 7  # session, user, one read, the first check-in, SAVEPOINT, answer, RELEASE
UNKNOWN = 6  # session, user, one read, SAVEPOINT, answer, RELEASE
REPLAY = 3  # session, user, one read: the stored answer


@pytest.fixture
def world(province_staff):
    return fair_world(by=province_staff)


@pytest.fixture
def desk_client(fair_desk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fair_desk)
    client.get(reverse("home"))  # a page that sets the CSRF cookie
    ContentType.objects.get_for_model(CheckIn)  # cached, as after a worker's first check-in
    return client


def _post(client, world, code, nonce):
    response = client.post(
        reverse("events:check_in_api", args=[world.fair.pk]),
        data=json.dumps(
            {
                "code": code,
                "desk": world.invitations[0].desk_id,
                "nonce": nonce,
                "scanned_at": "2026-12-06T09:15:00+07:00",
            }
        ),
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 200
    return response.json()["result"]


def test_queries_of_one_check_in_by_outcome(world, desk_client, django_assert_num_queries):
    code = world.invitations[0].code
    with django_assert_num_queries(NEW_CHECK_IN):
        assert _post(desk_client, world, code, "q-1") == "checked_in"
    with django_assert_num_queries(ALREADY):
        assert _post(desk_client, world, code, "q-2") == "already_checked_in"
    with django_assert_num_queries(UNKNOWN):
        assert _post(desk_client, world, "XXXXXXXXXX", "q-3") == "unknown_code"
    with django_assert_num_queries(REPLAY):
        assert _post(desk_client, world, code, "q-1") == "checked_in"
