"""Django's admin is for province admins only, and scoped to their area."""

import pytest

from tests.factories import VillageFactory


@pytest.mark.parametrize(
    ("persona_name", "allowed"),
    [
        ("province_admin", True),
        ("province_staff", False),
        ("district_officer_mae_rim", False),
        ("agency_liaison", False),
        ("viewer", False),
        ("outsider", False),
    ],
)
def test_only_province_admins_enter_admin(client, request, persona_name, allowed):
    client.force_login(request.getfixturevalue(persona_name))
    response = client.get("/admin/")
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
        assert client.get("/admin/areas/village/").status_code == 302


def test_admin_village_list_is_scoped(client, province_admin):
    VillageFactory(code="50070101", name_th="บ้านในเชียงใหม่")
    VillageFactory(code="51010101", name_th="บ้านในลำพูน")
    client.force_login(province_admin)
    response = client.get("/admin/areas/village/")
    assert "บ้านในเชียงใหม่" in response.content.decode()
    assert "บ้านในลำพูน" not in response.content.decode()


def test_admin_out_of_scope_village_answers_like_a_missing_one(client, province_admin):
    VillageFactory(code="51010101")
    client.force_login(province_admin)
    out_of_scope = client.get("/admin/areas/village/51010101/change/")
    missing = client.get("/admin/areas/village/51010199/change/")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content


def test_admin_cannot_create_a_village_outside_their_province(client, province_admin):
    client.force_login(province_admin)
    response = client.post(
        "/admin/areas/village/add/", {"code": "51010105", "name_th": "บ้านนอกเขต", "name_en": ""}
    )
    assert response.status_code == 200
    assert "51010105" in response.content.decode()
    from povertyprog.areas.models import Village

    assert not Village.objects.filter(code="51010105").exists()


def test_admin_creates_a_village_in_scope_through_the_service(client, province_admin):
    from povertyprog.areas.models import Village
    from povertyprog.audit.models import ActivityLog

    client.force_login(province_admin)
    response = client.post(
        "/admin/areas/village/add/", {"code": "๕๐๐๗๐๑๐๗", "name_th": "บ้านใหม่", "name_en": ""}
    )
    assert response.status_code == 302
    village = Village.objects.get(code="50070107")
    assert village.subdistrict_id == "500701"
    assert ActivityLog.objects.filter(action="areas.village.created", actor=province_admin).exists()


def test_admin_cannot_widen_a_users_scope(client, province_admin, district_officer_mae_rim):
    client.force_login(province_admin)
    response = client.get(f"/admin/accounts/user/{district_officer_mae_rim.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update({"area_scope": "", "role": "district_officer", "username": "maerim"})
    data["last_login_0"] = data["last_login_1"] = ""
    # The agency inline (agencies/admin.py), left empty: only the scope may be refused here.
    data.update({"agency_link-TOTAL_FORMS": "0", "agency_link-INITIAL_FORMS": "0"})
    response = client.post(f"/admin/accounts/user/{district_officer_mae_rim.pk}/change/", data)
    assert response.status_code == 200
    district_officer_mae_rim.refresh_from_db()
    assert district_officer_mae_rim.area_scope == "5007"


def test_admin_user_list_is_scoped(client, province_admin, district_officer_mae_rim, outsider):
    client.force_login(province_admin)
    content = client.get("/admin/accounts/user/").content.decode()
    assert "maerim" in content
    assert "lamphun" not in content


def test_activity_log_is_read_only(client, province_admin):
    client.force_login(province_admin)
    assert client.get("/admin/audit/activitylog/").status_code == 200
    assert client.get("/admin/audit/activitylog/add/").status_code == 403
