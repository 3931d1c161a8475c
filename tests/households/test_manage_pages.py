"""The manage step's pages: bulk host assignment with its preview, the hosted households'
list (a liaison's households) and recording assistance."""

import re

import pytest
from django.urls import reverse

from households.manage_services import host_assign
from households.models import Assistance, HostAssignment, Stage
from tests.factories import AgencyFactory

from .manage_world import in_force_pledge, liaison_of, mae_rim, make_cases, mueang
from .targeting_world import MAE_RIM

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(province_staff):
    return make_cases(province_staff)


def test_bulk_page_previews_then_creates_exactly_that(client, cases, province_staff):
    agency = AgencyFactory()
    pledge = in_force_pledge(agency, households=2)
    url = reverse("households:programme_hosts", args=[cases.pk])
    client.force_login(province_staff)
    form = {"area": MAE_RIM, "agency": agency.pk, "pledge": pledge.pk, "count": "5"}
    page = client.post(url, {**form, "preview": ""}).content.decode()
    assert 'data-preview-count="2"' in page
    token = re.search(r'name="state_token" value="([0-9a-f]+)"', page).group(1)
    assert not HostAssignment.objects.exists()  # a preview writes nothing
    response = client.post(url, {**form, "state_token": token, "confirm": ""})
    assert response.status_code == 302
    assert set(HostAssignment.objects.values_list("target_id", flat=True)) == {
        t.pk for t in mae_rim(cases)[:2]
    }


def test_bulk_page_refuses_a_stale_preview(client, cases, province_staff, english):
    agency = AgencyFactory()
    url = reverse("households:programme_hosts", args=[cases.pk])
    client.force_login(province_staff)
    form = {"area": MAE_RIM, "agency": agency.pk, "count": "1"}
    page = client.post(url, {**form, "preview": ""}).content.decode()
    token = re.search(r'name="state_token" value="([0-9a-f]+)"', page).group(1)
    host_assign(target=mae_rim(cases)[0], agency=AgencyFactory(), by=province_staff)
    response = client.post(url, {**form, "state_token": token, "confirm": ""})
    assert response.status_code == 200
    assert "Preview again" in response.content.decode()
    assert HostAssignment.objects.count() == 1


def test_a_liaison_lists_exactly_their_hosted_households(client, cases, province_staff):
    ours, theirs = AgencyFactory(), AgencyFactory()
    one, two, _ = mae_rim(cases)
    host_assign(target=one, agency=ours, by=province_staff)
    host_assign(target=two, agency=theirs, by=province_staff)
    client.force_login(liaison_of(ours, "ours"))
    page = client.get(reverse("households:hosted_cases")).content.decode()
    assert re.findall(r'data-target="(\d+)"', page) == [str(one.pk)]
    client.force_login(liaison_of(AgencyFactory(), "idle"))
    page = client.get(reverse("households:hosted_cases")).content.decode()
    assert re.findall(r'data-target="(\d+)"', page) == []


def test_the_hosted_list_takes_the_same_queries_at_any_size(client, cases, province_staff):
    agency = AgencyFactory()
    user = liaison_of(agency, "ours")
    host_assign(target=mae_rim(cases)[0], agency=agency, by=province_staff)
    client.force_login(user)
    url = reverse("households:hosted_cases")
    client.get(url)  # the first request after logging in also starts the idle-session clock
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for target in [*mae_rim(cases)[1:], *mueang(cases)]:
        host_assign(target=target, agency=agency, by=province_staff)
    with CaptureQueriesContext(connection) as many:
        assert len(re.findall(r"data-target=", client.get(url).content.decode())) == 5
    assert len(many) == len(few)


def test_a_liaison_records_assistance_from_the_page(client, cases, province_staff):
    ours = AgencyFactory()
    one, two, _ = mae_rim(cases)
    host_assign(target=one, agency=ours, by=province_staff)
    client.force_login(liaison_of(ours, "ours"))
    url = reverse("households:assistance_new", args=[one.pk])
    page = client.get(url).content.decode()
    assert 'name="agency"' not in page  # in their agency's name
    response = client.post(
        url, {"date": "01/09/2567", "lever": "raise_income", "what": "ลูกพันธุ์ปลา", "value": "1,200"}
    )
    assert response.status_code == 302
    record = Assistance.objects.get()
    assert (record.agency, record.value, str(record.date)) == (ours, 1200, "2024-09-01")
    one.refresh_from_db()
    assert one.stage == Stage.ASSISTED
    assert client.get(reverse("households:assistance_new", args=[two.pk])).status_code == 404


def test_one_case_gets_its_host_from_the_case_page(client, province_staff, english):
    from agencies.models import Lever

    target = mae_rim(make_cases(province_staff))[0]
    agency = AgencyFactory()
    other_pledge = in_force_pledge(AgencyFactory(), lever=Lever.RAISE_INCOME)
    client.force_login(province_staff)
    case_url = reverse("households:case_detail", args=[target.pk])
    assert 'id="host-form"' in client.get(case_url).content.decode()
    url = reverse("households:case_host", args=[target.pk])
    refused = client.post(
        url, {"host-agency": agency.pk, "host-pledge": other_pledge.pk}, follow=True
    )
    assert "This pledge is another agency&#x27;s." in refused.content.decode()
    assert not HostAssignment.objects.exists()
    done = client.post(url, {"host-agency": agency.pk})
    assert done["Location"] == case_url
    assert HostAssignment.objects.get(target=target, ended_at__isnull=True).agency == agency
