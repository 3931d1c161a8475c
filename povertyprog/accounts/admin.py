from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    SetUnusablePasswordMixin,
    UserChangeForm,
    UserCreationForm,
)
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from povertyprog.audit.services import activity_log
from povertyprog.core.admin_site import ScopedModelAdmin

from .access import area_scope_of
from .models import User
from .roles import Perm
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


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's admin password form appends its warning in English, outside gettext."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class UserAdmin(ScopedModelAdmin, DjangoUserAdmin):
    """Province admins manage the users of their own area only; saves go through `user_save`
    (the scope rule again, and one audit entry)."""

    scope_field = "area_scope"
    perm = Perm.MANAGE_USERS
    form = ScopedUserChangeForm
    add_form = ScopedUserCreationForm
    change_password_form = PasswordChangeForm
    list_display = ("username", "full_name", "role", "area_scope", "is_active")
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

    @admin.display(description=_("name"), ordering="first_name")
    def full_name(self, obj) -> str:
        return obj.get_full_name()

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


# --- The login door (django-axes): lockouts and login records, scoped to the admin's users.
# axes' own admin classes are off (AXES_ENABLE_ADMIN = False): they would show every
# province's logins and delete lockouts without an audit entry.


def _login_record_str(text: str):
    """axes names its records in English ("Attempted Access: …"), and the admin's titles,
    breadcrumbs and history show that name: named here in the admin's language."""

    def __str__(record) -> str:
        return text % {"username": record.username, "ip": record.ip_address}

    return __str__


AccessAttempt.__str__ = _login_record_str(_("Failed logins of %(username)s from %(ip)s"))
AccessLog.__str__ = _login_record_str(_("Login of %(username)s from %(ip)s"))
AccessFailureLog.__str__ = _login_record_str(_("Failed login of %(username)s from %(ip)s"))


def login_records_visible_to(queryset, user):
    """Login records of the users inside the admin's scope; a national admin sees them all,
    including guessed usernames that match no user."""
    scope = area_scope_of(user)
    if scope is None:
        return queryset.none()
    if scope == "":
        return queryset
    usernames = User.objects.filter(area_scope__startswith=scope).values("username")
    return queryset.filter(username__in=usernames)


class LoginRecordAdmin(ScopedModelAdmin):
    """Read-only: login records are written by axes and lifted only through the service."""

    scope_field = None  # scoped by username below: the records hold no area code
    list_filter = ("attempt_time",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "attempt_time"

    def get_queryset(self, request):
        return login_records_visible_to(super().get_queryset(request), request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessAttempt)
class LoginLockoutAdmin(LoginRecordAdmin):
    list_display = ("username", "ip_address", "failures_since_start", "attempt_time", "locked")
    fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start")
    readonly_fields = fields
    actions = ["unlock"]

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, obj) -> bool:
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(description=_("Unlock the selected logins"))
    def unlock(self, request, queryset) -> None:
        from .services import login_lockout_reset

        pairs = set(queryset.values_list("username", "ip_address"))
        for username, ip in pairs:
            login_lockout_reset(username=username, ip=ip, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d login unlocked.", "%(count)d logins unlocked.", len(pairs))
            % {"count": len(pairs)},
            messages.SUCCESS,
        )


@admin.register(AccessLog)
class LoginLogAdmin(LoginRecordAdmin):
    list_display = ("username", "ip_address", "attempt_time", "logout_time")
    fields = ("username", "ip_address", "user_agent", "path_info", "attempt_time", "logout_time")
    readonly_fields = fields


@admin.register(AccessFailureLog)
class LoginFailureLogAdmin(LoginRecordAdmin):
    list_display = ("username", "ip_address", "attempt_time", "locked_out")
    fields = ("username", "ip_address", "user_agent", "path_info", "attempt_time", "locked_out")
    readonly_fields = fields
