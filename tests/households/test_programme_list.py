"""Province staff open, start and close programmes from the programme list; district
officers see their province's programmes with a door to their cases; viewers only look."""

import pytest
from django.urls import reverse

from households.models import Programme, ProgrammeStatus
from povertyprog.audit.models import ActivityLog

from .targeting_world import demo_round, programme

pytestmark = pytest.mark.django_db


def test_staff_open_start_and_close_a_programme(client, province_staff, english):
    survey_round = demo_round()
    client.force_login(province_staff)
    new = reverse("households:programme_new")
    assert client.get(new).status_code == 200
    bad = client.post(new, {"province": "50", "fiscal_year_be": "2025", "name": ""})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) >= {"fiscal_year_be", "name", "target_households"}
    done = client.post(
        new,
        {
            "province": "50",
            "fiscal_year_be": "๒๕๗๐",  # Thai digits
            "name": "แก้จน 2570",
            "target_households": "500",
            "survey_round": survey_round.pk,
        },
    )
    created = Programme.objects.get(name="แก้จน 2570")
    assert done["Location"] == created.get_absolute_url()
    assert (created.fiscal_year_be, created.status, created.created_by) == (
        2570,
        ProgrammeStatus.DRAFT,
        province_staff,
    )
    listing = client.get(reverse("households:programme_list"))
    assert list(listing.context["programmes"]) == [created]
    assert "Open a programme" in listing.content.decode()
    status = reverse("households:programme_status", args=[created.pk])
    client.post(status, {"action": "activate"})
    created.refresh_from_db()
    assert created.status == ProgrammeStatus.ACTIVE
    client.post(status, {"action": "close"})
    created.refresh_from_db()
    assert created.status == ProgrammeStatus.CLOSED
    again = client.post(status, {"action": "activate"}, follow=True)
    assert "Only a draft programme can be activated." in again.content.decode()
    assert [e.action for e in ActivityLog.objects.filter(actor=province_staff).order_by("pk")] == [
        "households.programme.created",
        "households.programme.active",
        "households.programme.closed",
    ]


def test_a_district_officer_sees_the_list_with_their_cases_but_opens_nothing(
    client, province_staff, district_officer_mae_rim
):
    p = programme(by=province_staff)
    client.force_login(district_officer_mae_rim)
    listing = client.get(reverse("households:programme_list"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert f"/households/cases/?programme={p.pk}" in body
    assert p.get_absolute_url() not in body
    assert client.get(reverse("households:programme_new")).status_code == 404
    status = reverse("households:programme_status", args=[p.pk])
    assert client.post(status, {"action": "activate"}).status_code == 404
    p.refresh_from_db()
    assert p.status == ProgrammeStatus.DRAFT


def test_a_viewer_sees_the_list_without_actions(client, province_staff, viewer):
    programme(by=province_staff)
    client.force_login(viewer)
    listing = client.get(reverse("households:programme_list"))
    assert listing.status_code == 200
    assert not listing.context["can_manage"]
    assert 'name="action"' not in listing.content.decode()
