"""The public RSVP page (/fairs/r/<code>/): no login, only the head's first name and the
fair, an answer audited as self-service, CSRF-protected, rate-limited per IP and per code,
and unknown codes answering the site's ordinary 404."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from events.codes import code_display
from events.models import Invitation
from events.services.invitations import invitation_add
from povertyprog.audit.models import ActivityLog
from povertyprog.core.crypto import decrypt_text
from tests.events.factories_invitations import fair_with_targets


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def invitation(db):
    fair, made = fair_with_targets(villages={"50070101": 1})
    return invitation_add(fair=fair, target=made["50070101"][0], by=None)


def _url(code):
    return reverse("events:rsvp_public", args=[code])


def test_shows_the_first_name_and_the_fair_only(client, invitation):
    page = client.get(_url(invitation.code))
    assert page.status_code == 200
    text = page.content.decode()
    survey, household = invitation.target.survey, invitation.target.household
    assert survey.head_first_name in text
    assert invitation.fair.name in text
    assert invitation.fair.venue in text
    assert survey.head_last_name not in text
    assert household.house_no not in text
    citizen_id = decrypt_text(survey.citizen_id_encrypted)
    assert citizen_id not in text
    assert citizen_id[-4:] not in text
    assert household.village.name_th not in text


def test_an_answer_is_recorded_and_audited_as_self_service(client, invitation):
    typed = code_display(invitation.code).lower()
    answer = client.post(_url(typed), {"status": "confirmed", "people_coming": 3})
    assert answer.status_code == 200
    assert b'id="thanks"' in answer.content
    invitation.refresh_from_db()
    assert (invitation.rsvp_status, invitation.people_coming, invitation.rsvp_channel) == (
        "confirmed",
        3,
        "self_service",
    )
    log = ActivityLog.objects.get(action="events.rsvp.self_service")
    assert log.actor is None
    assert log.data["channel"] == "self_service"


def test_unknown_and_malformed_codes_answer_the_ordinary_404(client, invitation):
    unknown = client.get(_url("KKKKKKKKKK"))
    malformed = client.get(_url("hello"))
    missing_page = client.get("/no-such-page/")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.content == malformed.content == missing_page.content


def test_csrf_is_required(invitation):
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(_url(invitation.code), {"status": "confirmed", "people_coming": 1})
    assert refused.status_code == 403
    assert Invitation.objects.get().rsvp_status == "no_answer"


def test_too_many_requests_from_one_ip_are_refused_and_say_so(client, invitation, settings):
    settings.POVERTYPROG_RSVP_RATE_IP = (3, 600)
    for _ in range(3):
        assert client.get(_url("KKKKKKKKKK")).status_code == 404
    refused = client.get(_url(invitation.code))
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Too many requests" in text
    assert "มากเกินไป" in text
    assert invitation.target.survey.head_first_name not in text
    other_ip = client.get(_url(invitation.code), REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200


def test_too_many_answers_for_one_code_are_refused(client, invitation, settings):
    settings.POVERTYPROG_RSVP_RATE_CODE = (2, 3600)
    for n in range(2):
        ip = f"10.0.1.{n}"
        answer = client.post(_url(invitation.code), {"status": "declined"}, REMOTE_ADDR=ip)
        assert answer.status_code == 200
    refused = client.post(
        _url(invitation.code), {"status": "confirmed", "people_coming": 1}, REMOTE_ADDR="10.0.1.9"
    )
    assert refused.status_code == 429
    assert Invitation.objects.get().rsvp_status == "declined"
    assert ActivityLog.objects.filter(action="events.rsvp.self_service").count() == 2


def test_closed_once_the_fair_starts(client, invitation):
    fair = invitation.fair
    fair.starts_at = fair.created_at
    fair.save(update_fields=["starts_at"])
    page = client.get(_url(invitation.code)).content.decode()
    assert 'id="rsvp-answer"' not in page
    client.post(_url(invitation.code), {"status": "confirmed", "people_coming": 1})
    assert Invitation.objects.get().rsvp_status == "no_answer"


def test_behind_a_proxy_the_forwarded_client_is_counted(client, invitation, settings):
    settings.POVERTYPROG_RSVP_RATE_IP = (1, 600)
    settings.TRUSTED_PROXY_COUNT = 1
    first = client.get(_url(invitation.code), HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert first.status_code == 200
    again = client.get(_url(invitation.code), HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert again.status_code == 429
    # Another household behind the same proxy is not refused for the first one's requests.
    other = client.get(_url(invitation.code), HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.status_code == 200
