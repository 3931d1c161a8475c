"""A district officer collects RSVPs on a phone: confirms a whole village (with its confirm
step), declines one household with one tap (htmx), and the page fits the screen."""

import pytest

from events.models import Invitation
from events.services.invitations import invitations_generate
from povertyprog.accounts.roles import Role
from tests.events.factories_invitations import fair_with_targets
from tests.factories import UserFactory

from .conftest import fits_the_screen, log_in, page_width, screenshot

PASSWORD = "officer-pass-1"
VILLAGE_1, VILLAGE_2 = "50070101", "50070201"


@pytest.fixture
def fair(areas):
    fair, _made = fair_with_targets(villages={VILLAGE_1: 4, VILLAGE_2: 3}, quotas={"5007": 10})
    invitations_generate(fair=fair, by=None)
    return fair


@pytest.fixture
def officer(areas):
    return UserFactory(
        username="maerim", role=Role.DISTRICT_OFFICER, area_scope="5007", password=PASSWORD
    )


def test_an_officer_confirms_a_village_and_declines_one(phone_page, live_server, fair, officer):
    page = phone_page
    log_in(page, live_server, "maerim", PASSWORD)
    page.goto(f"{live_server.url}/fairs/{fair.pk}/invitations/")
    assert page.locator(".invitation-row").count() == 7
    assert fits_the_screen(page), page_width(page)
    screenshot(page, "rsvp-phone-list")

    page.locator(f"#village-{VILLAGE_1} a.confirm-village").click()
    page.locator("#confirm-village button[type=submit]").click()
    page.wait_for_url(f"**/fairs/{fair.pk}/invitations/**")
    assert page.locator(f"#village-{VILLAGE_1} .invitation-row[data-status=confirmed]").count() == 4
    assert page.locator(f"#village-{VILLAGE_1} a.confirm-village").count() == 0

    declined = Invitation.objects.filter(target__household__village_id=VILLAGE_2).first()
    row = f"#invitation-{declined.pk}"
    page.locator(f"{row} .btn-answer-decline").tap()
    page.locator(f"{row}[data-status=declined]").wait_for()
    assert page.locator("#count-declined").inner_text() == "1"  # the counts follow the tap
    assert fits_the_screen(page), page_width(page)
    screenshot(page, "rsvp-phone-declined")

    village_1 = Invitation.objects.filter(target__household__village_id=VILLAGE_1)
    assert set(village_1.values_list("rsvp_status", "rsvp_channel")) == {
        ("confirmed", "village_head")
    }
    declined.refresh_from_db()
    assert declined.rsvp_status == "declined"
    assert declined.rsvp_by == officer
    assert declined.version == 2
    assert Invitation.objects.filter(rsvp_status="no_answer").count() == 2


def test_a_household_answers_on_its_phone(phone_page, live_server, fair):
    invitation = Invitation.objects.first()
    page = phone_page
    page.goto(f"{live_server.url}/fairs/r/{invitation.code}/")
    assert fits_the_screen(page), page_width(page)
    page.fill("#id_people_coming", "2")
    page.locator("#rsvp-answer button[value=confirmed]").tap()
    page.locator("#thanks").wait_for()
    assert fits_the_screen(page), page_width(page)
    screenshot(page, "rsvp-phone-self-service")
    invitation.refresh_from_db()
    assert invitation.rsvp_status == "confirmed"
    assert invitation.rsvp_channel == "self_service"
    assert invitation.people_coming == 2
