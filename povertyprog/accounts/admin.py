from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from povertyprog.audit.services import activity_log
from povertyprog.core.admin_site import RELATED_ADMIN, ScopedModelAdmin

from .access import area_scope_of
from .models import User
from .services import user_save


class AreaScopeFormMixin:
    """A province admin cannot hand out a scope wider than their own."""

    acting_user = None

    def clean_area_scope(self) -> str:
        value = self.cleaned_data.get("area_scope", "")
        own_scope = area_scope_of(self.acting_user) or ""
        if not value.startswith(own_scope):
            raise forms.ValidationError(
                _("The scope must lie inside your own (%(scope)s)."), params={"scope": own_scope}
            )
        return value


class ScopedUserChangeForm(AreaScopeFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class ScopedUserCreationForm(AreaScopeFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)


@admin.register(User)
class UserAdmin(ScopedModelAdmin, DjangoUserAdmin):
    """Province admins manage the users of their own area only; saves go through `user_save`
    (the scope rule again, and one audit entry)."""

    scope_field = "area_scope"
    scoped_choices = {"agency": RELATED_ADMIN}
    form = ScopedUserChangeForm
    add_form = ScopedUserCreationForm
    list_display = ("username", "get_full_name", "role", "area_scope", "agency", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("agency",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Role and scope"), {"fields": ("role", "area_scope", "agency", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "password1", "password2", "role", "area_scope", "agency"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_model(self, request, obj, form, change) -> None:
        user_save(user=obj, by=request.user, fields=form.changed_data, creating=not change)

    def user_change_password(self, request, id, form_url=""):
        """Django's password form, with the change audited in the same transaction."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, unquote(id))
                activity_log("accounts.user.password_set", actor=request.user, target=user)
        return response
