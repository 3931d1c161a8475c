"""Every model on the admin site, walked as a Chiang Mai province admin with objects in
Chiang Mai (50) and Lamphun (51): no Lamphun object is listed, offered as a choice or
accepted when posted, and opening one answers 404 as a missing one does.

A model registered in the admin but missing from PROVINCE_OF fails the walk, so a new
model cannot ship unexamined.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import RelatedFieldListFilter
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import RequestFactory
from django.urls import reverse

from povertyprog.accounts.models import User
from povertyprog.core.admin_site import ScopedModelAdmin

from .conftest import SECRET


def _code(obj) -> str:
    return obj.code[:2]


# The province an object belongs to: "50" visible, None national (shared by every province),
# anything else must stay invisible to a Chiang Mai admin.
PROVINCE_OF = {
    "areas.province": _code,
    "areas.district": _code,
    "areas.subdistrict": _code,
    "areas.village": _code,
    "agencies.agency": lambda o: o.province_id,
    "agencies.mou": lambda o: o.province_id,
    "agencies.mousignatory": lambda o: o.mou.province_id,
    "agencies.pledge": lambda o: o.mou.province_id,
    "households.household": lambda o: o.village_id[:2],
    "households.householdsurvey": lambda o: o.household.village_id[:2],
    "households.importbatch": lambda o: o.province_id,
    "households.programme": lambda o: o.province_id,
    "households.target": lambda o: o.household.village_id[:2],
    "households.followupvisit": lambda o: o.target.household.village_id[:2],
    "households.hostassignment": lambda o: o.target.household.village_id[:2],
    "households.assistance": lambda o: o.target.household.village_id[:2],
    "households.indicatorset": lambda o: None,
    "households.indicator": lambda o: None,
    "households.surveyround": lambda o: None,
    "agencies.assistancetype": lambda o: None,
    # A user's own scope: a national user ("") is outside a province admin's area.
    "accounts.user": lambda o: o.area_scope[:2],
    "audit.activitylog": lambda o: o.actor.area_scope[:2] if o.actor else "",
    "contenttypes.contenttype": lambda o: None,
    # Login records (django-axes) belong to the province of the user they name.
    "axes.accessattempt": lambda o: _login_province(o.username),
    "axes.accesslog": lambda o: _login_province(o.username),
    "axes.accessfailurelog": lambda o: _login_province(o.username),
    # Fair: fairs. The fair's programme's province.
    "events.fair": lambda o: o.programme.province_id,
    "events.fairdistrictquota": lambda o: o.fair.programme.province_id,
    "events.desk": lambda o: o.fair.programme.province_id,
    "events.booth": lambda o: o.fair.programme.province_id,
    "events.fairtask": lambda o: o.fair.programme.province_id,
}


def _login_province(username: str) -> str:
    user = User.objects.filter(username=username).first()
    return user.area_scope[:2] if user else "unknown user"


def visible(obj) -> bool:
    return PROVINCE_OF[obj._meta.label_lower](obj) in ("50", None)


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def url(model, view, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_choice_fields(response):
    """(form, name, field) of every choice field of the page's form and inline forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms.extend(inline.formset.forms)
        forms.append(inline.formset.empty_form)
    for form in forms:
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
                yield form, name, field


def assert_choices_in_scope(response, label):
    for _form, name, field in form_choice_fields(response):
        outside = [obj for obj in field.queryset if not visible(obj)]
        assert not outside, f"{label}: {name} offers {outside[:3]}"


def assert_foreign_choice_rejected(response, label):
    """Post an out-of-scope row into each choice field of the page's form: it is refused.
    (Inline forms hold the same scoped querysets, checked above; their posts are tested
    where an inline is editable.)"""
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if not isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
            continue
        model = field.queryset.model
        foreign = next((o for o in model._default_manager.all() if not visible(o)), None)
        if foreign is None:
            continue
        value = [foreign.pk] if isinstance(field, ModelMultipleChoiceField) else foreign.pk
        bound = type(form)(data={**form.initial, name: value}, instance=form.instance)
        assert name in bound.errors, f"{label}: {name} accepted {foreign!r}"


@pytest.mark.parametrize(
    "model", [model for model, _ in registered()], ids=lambda m: m._meta.label_lower
)
def test_a_province_admin_sees_and_chooses_nothing_of_another_province(
    client, province_admin, two_provinces, model
):
    client.force_login(province_admin)
    model_admin = admin.site._registry[model]
    label = model._meta.label_lower
    if not isinstance(model_admin, ScopedModelAdmin):
        # Django's own admins (groups, task results) use model permissions no role holds.
        assert client.get(url(model, "changelist")).status_code == 403
        return
    assert label in PROVINCE_OF, f"{label} is registered in the admin but not classified"

    response = client.get(url(model, "changelist"))
    assert response.status_code == 200, label
    assert SECRET not in response.content.decode(), label
    changelist = response.context["cl"]
    assert all(visible(obj) for obj in changelist.queryset), label
    for spec in changelist.filter_specs:
        if isinstance(spec, RelatedFieldListFilter):
            related = spec.field.remote_field.model
            chosen = related._default_manager.filter(pk__in=[pk for pk, _ in spec.lookup_choices])
            assert all(visible(obj) for obj in chosen), f"{label}: filter {spec.field_path}"

    request = RequestFactory().get("/")
    request.user = province_admin
    if model_admin.has_add_permission(request):
        response = client.get(url(model, "add"))
        assert response.status_code == 200, label
        assert SECRET not in response.content.decode(), label
        assert_choices_in_scope(response, label)
        assert_foreign_choice_rejected(response, label)

    mine = changelist.queryset.first()
    if mine is not None:
        response = client.get(url(model, "change", mine.pk))
        assert response.status_code == 200, label
        assert SECRET not in response.content.decode(), label
        assert_choices_in_scope(response, label)
        assert_foreign_choice_rejected(response, label)

    missing = client.get(url(model, "change", "999999999"))
    assert missing.status_code == 404, label
    foreign = [o for o in model._default_manager.all()[:2000] if not visible(o)][:3]
    if label not in (
        "households.indicatorset",
        "households.surveyround",
        "agencies.assistancetype",
    ):
        assert foreign or label == "contenttypes.contenttype", f"no Lamphun {label} to test"
    for obj in foreign:
        for view in ("change", "delete", "history"):
            response = client.get(url(model, view, obj.pk))
            assert response.status_code == 404, f"{label} {view} {obj!r}"
            assert response.content == missing.content
        assert client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 404
        assert model._default_manager.filter(pk=obj.pk).exists()


def test_the_walk_covers_every_registered_model():
    labels = {model._meta.label_lower for model, model_admin in registered()}
    scoped = {
        model._meta.label_lower
        for model, model_admin in registered()
        if isinstance(model_admin, ScopedModelAdmin)
    }
    assert scoped <= set(PROVINCE_OF)
    assert {"agencies.pledge", "agencies.mou", "households.householdsurvey"} <= labels
    assert apps.get_model("agencies", "MOUSignatory")  # reached through the MOU's inline
