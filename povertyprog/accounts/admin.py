from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from povertyprog.core.admin_site import ScopedModelAdmin

from .access import area_scope_of
from .models import User
from .roles import Perm


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
    """Province admins manage the users of their own area only."""

    scope_field = "area_scope"
    perm = Perm.MANAGE_USERS
    form = ScopedUserChangeForm
    add_form = ScopedUserCreationForm
    list_display = ("username", "get_full_name", "role", "area_scope", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Role and scope"), {"fields": ("role", "area_scope", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "password1", "password2", "role", "area_scope"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
