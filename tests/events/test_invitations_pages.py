"""The invitations pages through HTTP: the grouped list and its counts, one-tap answers
(htmx) with the conflict shown on the row, the village's bulk confirmation, add, remove,
generate, the Excel export, and who sees what."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.codes import code_display
from events.models import Invitation, RSVPStatus
from events.services.invitations import invitations_generate, rsvp_record
from povertyprog.audit.models import ActivityLog
from tests.events.factories_invitations import fair_with_targets

MAE_RIM_1, MAE_RIM_2, MUEANG_1 = "50070101", "50070201", "50010101"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def fair(db):
    fair, _made = fair_with_targets(
        villages={MAE_RIM_1: 3, MAE_RIM_2: 2, MUEANG_1: 2}, quotas={"5007": 10}
    )
    invitations_generate(fair=fair, by=None)
    return fair


def _list(client, fair, **query):
    return client.get(reverse("events:invitation_list", args=[fair.pk]), query)


def test_an_officer_sees_their_district_grouped_with_counts(client, fair, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    page = _list(client, fair).content.decode()
    assert page.count('class="list-group-item invitation-row') == 5
    assert f'id="village-{MAE_RIM_1}"' in page
    assert f'id="village-{MAE_RIM_2}"' in page
    assert f'id="village-{MUEANG_1}"' not in page
    assert '<span class="small text-muted"> / 10</span>' in page
    for mine in Invitation.objects.filter(district_id="5007"):
        assert mine.target.survey.head_name in page
    for other in Invitation.objects.filter(district_id="5001"):
        assert other.target.survey.head_name not in page


def test_province_staff_filter_by_district_and_no_answer(client, fair, province_staff):
    client.force_login(province_staff)
    assert _list(client, fair).content.decode().count("invitation-row") == 7
    assert _list(client, fair, district="5001").content.decode().count("invitation-row") == 2
    first = Invitation.objects.filter(district_id="5001").first()
    rsvp_record(
        invitation=first, status="declined", channel="phone", expected_version=1, by=province_staff
    )
    page = _list(client, fair, district="5001", status="no_answer").content.decode()
    assert page.count("invitation-row") == 1


def test_the_list_runs_a_constant_number_of_queries(
    client, db, province_staff, django_assert_max_num_queries
):
    small, _ = fair_with_targets(villages={MAE_RIM_1: 2})
    invitations_generate(fair=small, by=None)
    client.force_login(province_staff)
    with django_assert_max_num_queries(20) as few:
        _list(client, small)
    big, _ = fair_with_targets(villages={MAE_RIM_1: 20, MAE_RIM_2: 20, MUEANG_1: 20})
    invitations_generate(fair=big, by=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = _list(client, big)
    assert page.content.decode().count("invitation-row") == 60


def test_one_tap_confirm_returns_the_row(client, fair, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    invitation = Invitation.objects.filter(district_id="5007").first()
    url = reverse("events:invitation_answer", args=[invitation.pk])
    answer = client.post(url, {"status": "confirmed", "version": 1}, headers=HTMX)
    assert answer.status_code == 200
    assert f'id="invitation-{invitation.pk}"' in answer.content.decode()
    assert 'value="2"' in answer.content.decode()  # the new version for the next tap
    assert 'id="counts" hx-swap-oob="true"' in answer.content.decode()
    assert 'id="count-confirmed">1<' in answer.content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp_status == "confirmed"
    assert invitation.rsvp_by == district_officer_mae_rim


def test_a_stale_tap_is_refused_on_the_row(
    client, fair, district_officer_mae_rim, province_staff, english
):
    invitation = Invitation.objects.filter(district_id="5007").first()
    rsvp_record(
        invitation=invitation,
        status="confirmed",
        channel="phone",
        expected_version=1,
        by=province_staff,
    )
    client.force_login(district_officer_mae_rim)
    url = reverse("events:invitation_answer", args=[invitation.pk])
    answer = client.post(url, {"status": "declined", "version": 1}, headers=HTMX).content.decode()
    assert "rsvp-conflict" in answer
    assert "changed this answer" in answer
    assert province_staff.get_full_name() in answer
    invitation.refresh_from_db()
    assert invitation.rsvp_status == "confirmed"
    assert invitation.version == 2


def test_the_detail_form_records_everything(client, fair, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    invitation = Invitation.objects.filter(district_id="5007").first()
    url = reverse("events:invitation_detail", args=[invitation.pk])
    assert client.get(url).status_code == 200
    done = client.post(
        url,
        {
            "status": "confirmed",
            "channel": "village_head",
            "representative_name": "นางสมศรี",
            "representative_relation": "ภรรยา",
            "people_coming": 2,
            "transport_needed": "on",
            "version": 1,
        },
    )
    assert done.status_code == 302
    invitation.refresh_from_db()
    assert invitation.rsvp_channel == "village_head"
    assert invitation.transport_needed
    stale = client.post(url, {"status": "declined", "channel": "phone", "version": 1})
    assert stale.status_code == 200
    assert b"alert" in stale.content


def test_confirm_a_village_asks_then_confirms(client, fair, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    url = reverse("events:rsvp_village_confirm", args=[fair.pk, MAE_RIM_1])
    asked = client.get(url)
    assert asked.status_code == 200
    assert Invitation.objects.filter(rsvp_status="confirmed").count() == 0
    assert client.post(url).status_code == 302
    assert set(
        Invitation.objects.filter(target__household__village_id=MAE_RIM_1).values_list(
            "rsvp_status", flat=True
        )
    ) == {RSVPStatus.CONFIRMED}


def test_another_districts_invitations_answer_404(client, fair, district_officer_mueang):
    client.force_login(district_officer_mueang)
    invitation = Invitation.objects.filter(district_id="5007").first()
    for name in ("invitation_detail", "invitation_answer", "invitation_remove"):
        url = reverse(f"events:{name}", args=[invitation.pk])
        assert client.post(url, {"status": "declined", "version": 1}).status_code == 404
    url = reverse("events:rsvp_village_confirm", args=[fair.pk, MAE_RIM_1])
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.rsvp_status == "no_answer"
    assert Invitation.objects.count() == 7


def test_add_and_remove_through_the_pages(client, db, district_officer_mae_rim):
    fair, made = fair_with_targets(villages={MAE_RIM_1: 2, MUEANG_1: 1})
    client.force_login(district_officer_mae_rim)
    add = reverse("events:invitation_add", args=[fair.pk])
    page = client.get(add).content.decode()
    assert made[MAE_RIM_1][0].survey.head_name in page
    assert made[MUEANG_1][0].survey.head_name not in page
    assert client.post(add, {"target": made[MAE_RIM_1][0].pk}).status_code == 302
    client.post(add, {"target": made[MUEANG_1][0].pk})  # another district's: not found
    invitation = Invitation.objects.get()
    assert invitation.target == made[MAE_RIM_1][0]
    assert client.post(reverse("events:invitation_remove", args=[invitation.pk])).status_code == 302
    assert not Invitation.objects.exists()


def test_generate_for_the_officers_district(client, db, district_officer_mae_rim):
    fair, _made = fair_with_targets(villages={MAE_RIM_1: 2, MUEANG_1: 1}, quotas={"5007": 1})
    client.force_login(district_officer_mae_rim)
    client.post(reverse("events:invitation_generate", args=[fair.pk]))
    assert list(Invitation.objects.values_list("district_id", flat=True)) == ["5007"]


def test_excel_export(client, fair, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    response = _list(client, fair, format="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 5
    codes = {row[0].replace("-", "") for row in rows[1:]}
    assert codes == set(
        Invitation.objects.filter(district_id="5007").values_list("code", flat=True)
    )
    log = ActivityLog.objects.get(action="events.invitations.exported")
    assert log.actor == district_officer_mae_rim
    assert log.data == {"rows": 5}


def test_the_invitation_page_shows_its_qr_and_its_letter(client, fair, district_officer_mae_rim):
    invitation = Invitation.objects.filter(fair=fair, district_id="5007").first()
    client.force_login(district_officer_mae_rim)
    page = client.get(reverse("events:invitation_detail", args=[invitation.pk]))
    html = page.content.decode()
    assert code_display(invitation.code) in html
    assert 'class="qr"' in html.split('id="invitation-qr"')[1]
    assert reverse("events:invitation_letter", args=[invitation.pk]) in html


def test_the_quota_shows_only_when_every_invited_district_has_one(
    fair, province_staff, district_officer_mae_rim
):
    from events.invitation_selectors import invitation_counts

    assert invitation_counts(district_officer_mae_rim, fair)["quota"] == 10
    # Mueang has no quota (uncapped): a province total against Mae Rim's 10 would mislead.
    assert invitation_counts(province_staff, fair)["quota"] is None
