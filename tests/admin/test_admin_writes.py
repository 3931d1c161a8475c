"""The admin's writes: posted values outside the scope refused, models with rules read-only
there, national reference data for national admins, every save, inline row and bulk delete
audited, and autocomplete scoped."""

from decimal import Decimal

import pytest
from django.contrib.admin import AdminSite
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from agencies.models import Agency, Pledge
from households.models import IndicatorSet, SurveyRound
from povertyprog.accounts.models import User
from povertyprog.audit.models import ActivityLog
from povertyprog.core.admin_site import ScopedModelAdmin
from tests.factories import AgencyFactory


def actions(user, prefix=""):
    return list(
        ActivityLog.objects.filter(actor=user, action__startswith=prefix)
        .order_by("pk")
        .values_list("action", flat=True)
    )


# Posted values outside the scope --------------------------------------------------------


def test_an_agency_cannot_be_posted_into_another_province(client, province_admin, english):
    client.force_login(province_admin)
    response = client.post(
        "/admin/agencies/agency/add/",
        {"name_th": "สำนักงานนอกเขต", "agency_type": "government", "province": "51"},
    )
    assert response.status_code == 200
    assert "province" in response.context["adminform"].form.errors
    assert not Agency.objects.filter(name_th="สำนักงานนอกเขต").exists()


def test_a_user_cannot_be_linked_to_another_provinces_agency(
    client, province_admin, agency_liaison
):
    lamphun = AgencyFactory(province_id="51")
    link = agency_liaison.agency_link
    client.force_login(province_admin)
    page = client.get(f"/admin/accounts/user/{agency_liaison.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "last_login_0": "",
            "last_login_1": "",
            "agency_link-TOTAL_FORMS": "1",
            "agency_link-INITIAL_FORMS": "1",
            "agency_link-0-id": link.pk,
            "agency_link-0-user": agency_liaison.pk,
            "agency_link-0-agency": lamphun.pk,
        }
    )
    response = client.post(f"/admin/accounts/user/{agency_liaison.pk}/change/", data)
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0].formset
    assert "agency" in inline.forms[0].errors
    link.refresh_from_db()
    assert link.agency_id != lamphun.pk


def test_an_mou_is_read_only_in_the_admin_and_links_to_its_page(
    client, province_admin, two_provinces
):
    mou = two_provinces["50"]["mou"]
    client.force_login(province_admin)
    page = client.get(f"/admin/agencies/mou/{mou.pk}/change/")
    assert page.status_code == 200
    assert f'href="/agencies/mous/{mou.pk}/"' in page.content.decode()
    response = client.post(
        f"/admin/agencies/mou/{mou.pk}/change/", {"province": "51", "title": "ย้ายจังหวัด"}
    )
    assert response.status_code == 403
    mou.refresh_from_db()
    assert (mou.province_id, mou.title) == ("50", "บันทึกข้อตกลง เชียงใหม่")
    assert client.get("/admin/agencies/mou/add/").status_code == 403
    assert client.get("/admin/agencies/pledge/add/").status_code == 403
    pledge = two_provinces["50"]["pledge"]
    response = client.post(f"/admin/agencies/pledge/{pledge.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Pledge.objects.filter(pk=pledge.pk).exists()


# Autocomplete -----------------------------------------------------------------------------


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    return response


@pytest.mark.parametrize(
    ("source", "field"), [("agencies.mousignatory", "agency"), ("agencies.agencyliaison", "agency")]
)
def test_autocomplete_offers_only_agencies_in_scope(
    client, province_admin, two_provinces, source, field
):
    client.force_login(province_admin)
    response = autocomplete(client, *source.split("."), field, "สำนักงาน")
    assert response.status_code == 200
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert two_provinces["50"]["agency"].pk in ids
    assert two_provinces["51"]["agency"].pk not in ids


def test_autocomplete_of_areas_stays_in_scope(client, province_admin):
    client.force_login(province_admin)
    response = autocomplete(client, "agencies", "agency", "province", "")
    assert [r["id"] for r in response.json()["results"]] == ["50"]
    response = autocomplete(client, "areas", "village", "subdistrict", "51")
    found = [r["id"] for r in response.json()["results"]]
    assert found  # 500510 matches "51"
    assert all(code.startswith("50") for code in found)


def test_autocomplete_for_a_read_only_field_offers_nothing(client, province_admin, two_provinces):
    client.force_login(province_admin)
    response = autocomplete(client, "agencies", "pledge", "agency", "สำนักงาน")
    assert response.status_code == 200
    assert response.json()["results"] == []


# An undeclared relation fails loudly -------------------------------------------------------


def test_an_admin_with_an_undeclared_relation_fails_its_check_and_its_form(province_admin):
    class LeakyPledgeAdmin(ScopedModelAdmin):
        scope_field = "mou__province__code"

    model_admin = LeakyPledgeAdmin(Pledge, AdminSite())
    errors = {(e.id, e.msg) for e in model_admin.check()}
    assert ("povertyprog.E001", "The choices of agencies.Pledge.mou are not scoped.") in errors
    assert ("povertyprog.E001", "The choices of agencies.Pledge.agency are not scoped.") in errors
    assert not any("districts" in msg for _id, msg in errors)  # an area model: scoped itself
    request = RequestFactory().get("/")
    request.user = province_admin
    with pytest.raises(ImproperlyConfigured, match=r"Pledge\.mou"):
        model_admin.get_form(request)


# National reference data --------------------------------------------------------------------


def test_province_admins_see_national_reference_data_read_only(client, province_admin):
    survey_round = SurveyRound.objects.create(
        year_be=2566,
        indicator_set=IndicatorSet.objects.get(code="2560-2564"),
        income_threshold=Decimal(38000),
    )
    indicator_set = IndicatorSet.objects.get(code="2560-2564")
    client.force_login(province_admin)
    assert client.get("/admin/households/surveyround/").status_code == 200
    assert client.get(f"/admin/households/surveyround/{survey_round.pk}/change/").status_code == 200
    assert client.get("/admin/households/surveyround/add/").status_code == 403
    assert client.get("/admin/households/indicatorset/add/").status_code == 403
    response = client.post(
        f"/admin/households/surveyround/{survey_round.pk}/change/",
        {"year_be": 2566, "indicator_set": indicator_set.pk, "income_threshold": "1"},
    )
    assert response.status_code == 403
    survey_round.refresh_from_db()
    assert survey_round.income_threshold == 38000
    page = client.get(f"/admin/households/indicatorset/{indicator_set.pk}/change/")
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert all(not formset.has_add_permission for formset in page.context["inline_admin_formsets"])


def test_a_national_admin_opens_a_round_through_the_service(client, national_admin):
    client.force_login(national_admin)
    indicator_set = IndicatorSet.objects.get(code="2560-2564")
    response = client.post(
        "/admin/households/surveyround/add/",
        {"year_be": 2563, "indicator_set": indicator_set.pk, "income_threshold": "38000"},
    )
    assert response.status_code == 302
    assert SurveyRound.objects.filter(year_be=2563).exists()
    assert actions(national_admin) == ["households.round.created"]


# Audit of inlines and bulk actions ----------------------------------------------------------


def indicator_rows(rows, initial=0):
    data = {
        "indicators-TOTAL_FORMS": str(len(rows)),
        "indicators-INITIAL_FORMS": str(initial),
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"indicators-{i}-{key}": value for key, value in row.items()})
    return data


def test_inline_rows_are_audited_one_entry_each(client, national_admin):
    client.force_login(national_admin)
    rows = [
        {"number": n, "category": 1, "category_name_th": "สุขภาพ", "text_th": f"ข้อ {n}"}
        for n in (1, 2)
    ]
    response = client.post(
        "/admin/households/indicatorset/add/",
        {
            "code": "2566-2570",
            "name_th": "ชุดตัวชี้วัด 2566-2570",
            "first_year_be": 2566,
            "last_year_be": 2570,
            **indicator_rows(rows),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator_set = IndicatorSet.objects.get(code="2566-2570")
    assert actions(national_admin) == [
        "admin.households.indicatorset.created",
        "admin.households.indicator.created",
        "admin.households.indicator.created",
    ]

    first, second = indicator_set.indicators.order_by("number")
    changed = [
        {"id": first.pk, "indicator_set": indicator_set.pk, **rows[0], "text_th": "ข้อแรก"},
        {"id": second.pk, "indicator_set": indicator_set.pk, **rows[1], "DELETE": "on"},
    ]
    response = client.post(
        f"/admin/households/indicatorset/{indicator_set.pk}/change/",
        {
            "code": "2566-2570",
            "name_th": "ชุดตัวชี้วัด 2566-2570",
            "first_year_be": 2566,
            "last_year_be": 2570,
            **indicator_rows(changed, initial=2),
        },
    )
    assert response.status_code == 302
    entries = ActivityLog.objects.filter(actor=national_admin).order_by("pk")[3:]
    assert [(e.action, e.target_id, e.data) for e in entries] == [
        ("admin.households.indicatorset.changed", str(indicator_set.pk), {"fields": []}),
        ("admin.households.indicator.deleted", str(second.pk), {"inline": True}),
        (
            "admin.households.indicator.changed",
            str(first.pk),
            {"inline": True, "fields": ["text_th"]},
        ),
    ]
    assert list(indicator_set.indicators.values_list("number", flat=True)) == [1]


def test_delete_selected_writes_one_entry_per_object(client, province_admin, two_provinces):
    doomed = [AgencyFactory(name_th="ลบ ๑"), AgencyFactory(name_th="ลบ ๒")]
    lamphun = two_provinces["51"]["agency"]
    client.force_login(province_admin)
    response = client.post(
        "/admin/agencies/agency/",
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in doomed] + [lamphun.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Agency.objects.filter(pk__in=[a.pk for a in doomed]).exists()
    assert Agency.objects.filter(pk=lamphun.pk).exists(), "out of scope: never selected"
    entries = ActivityLog.objects.filter(actor=province_admin, action__endswith=".deleted")
    assert sorted((e.action, e.target_id, e.data["bulk"]) for e in entries) == sorted(
        ("admin.agencies.agency.deleted", str(a.pk), True) for a in doomed
    )


# Users through the accounts service -------------------------------------------------------


# The user admin's inline for a liaison's agency (agencies/admin.py), left empty.
NO_AGENCY_LINK = {"agency_link-TOTAL_FORMS": "0", "agency_link-INITIAL_FORMS": "0"}


def test_user_edits_in_the_admin_go_through_the_service(
    client, province_admin, district_officer_mae_rim
):
    client.force_login(province_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newofficer",
            "password1": "a-long-enough-Passw0rd",
            "password2": "a-long-enough-Passw0rd",
            "role": "district_officer",
            "area_scope": "5001",
            **NO_AGENCY_LINK,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/admin/accounts/user/{district_officer_mae_rim.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update({"first_name": "สมหญิง", "last_login_0": "", "last_login_1": "", **NO_AGENCY_LINK})
    response = client.post(f"/admin/accounts/user/{district_officer_mae_rim.pk}/change/", data)
    assert response.status_code == 302
    created = User.objects.get(username="newofficer")
    entries = ActivityLog.objects.filter(actor=province_admin).order_by("pk")
    assert [(e.action, e.target_id, e.data) for e in entries] == [
        ("accounts.user.created", str(created.pk), {"fields": ["area_scope", "role", "username"]}),
        ("accounts.user.changed", str(district_officer_mae_rim.pk), {"fields": ["first_name"]}),
    ]
    assert created.check_password("a-long-enough-Passw0rd")


def test_an_import_batch_in_the_admin_shows_neither_its_file_nor_its_errors(
    client, province_admin, two_provinces
):
    batch = two_provinces["50"]["batch"]
    batch.errors = [{"row": 7, "column": "เลขประจำตัวประชาชน", "value": "3500000000071"}]
    batch.file.name = "imports/2026/12/bmn.xlsx"
    batch.save()
    client.force_login(province_admin)
    page = client.get(f"/admin/households/importbatch/{batch.pk}/change/").content.decode()
    assert "3500000000071" not in page
    assert "imports/2026/12/bmn.xlsx" not in page
    assert f'href="/households/imports/{batch.pk}/"' in page


def test_a_password_set_in_the_admin_is_audited(client, province_admin, district_officer_mae_rim):
    client.force_login(province_admin)
    response = client.post(
        f"/admin/accounts/user/{district_officer_mae_rim.pk}/password/",
        {"password1": "another-Passw0rd-42", "password2": "another-Passw0rd-42"},
    )
    assert response.status_code == 302
    district_officer_mae_rim.refresh_from_db()
    assert district_officer_mae_rim.check_password("another-Passw0rd-42")
    entry = ActivityLog.objects.get(action="accounts.user.password_set")
    assert (entry.actor, entry.target_id) == (province_admin, str(district_officer_mae_rim.pk))
    assert entry.data == {}


def test_a_password_of_another_provinces_user_answers_404(client, province_admin, outsider):
    client.force_login(province_admin)
    url = f"/admin/accounts/user/{outsider.pk}/password/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"password1": "another-Passw0rd-42", "password2": "x"})
    assert response.status_code == 404
