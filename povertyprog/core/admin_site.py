"""The admin site and the base of every admin: scoped rows, scoped choices, audited writes.

The admin is a second door onto the same data as the app pages, so it holds the same rules:

- rows outside the admin's area scope are invisible, and opening one answers 404 as a
  missing one does (`ScopedModelAdmin.get_object`);
- every foreign-key or many-to-many choice, in forms, inlines, list filters and Django's
  autocomplete, comes from a scoped queryset: an area model is limited to the user's scope,
  any other relation must be declared in `scoped_choices`, or building its form field fails
  (a system check reports it before that), so a new model cannot leak another province's rows;
- saves, inline changes and bulk deletes each write activity-log entries; models whose
  writes have rules in a service are saved through it, or are `read_only` here with a link
  to the app page that applies them;
- `national_reference` models (survey rounds, indicator sets) are changed by national-scope
  admins only; province admins see them read-only.

The core knows no app: app admins name their own selectors in `scoped_choices`.
"""

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.forms import ModelChoiceField
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

from povertyprog.accounts.roles import Perm, has_perm
from povertyprog.core.product import PRODUCT_NAME, PRODUCT_SHORT_NAME

# A choice rule: the rows a user may choose for one field.
ChoiceRule = Callable[..., models.QuerySet]
# Declares "the rows the related model's own admin shows this user" as a field's choices.
RELATED_ADMIN = "related admin"


def _boolean_icon(value) -> str:
    """Django's yes/no icon, its alt text translated: Django writes alt="True" (or "False",
    "None") in English, which a screen reader speaks to a Thai admin."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {
        True: pgettext("boolean icon", "Yes"),
        False: pgettext("boolean icon", "No"),
        None: gettext("Unknown"),
    }[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


# Every caller (list columns, read-only fields) imports it from admin_list when it runs.
admin_list._boolean_icon = _boolean_icon


class ProvinceAdminSite(admin.AdminSite):
    """The admin is a province admin's tool: no other role enters it, whatever `is_staff` says."""

    site_header = format_lazy(_("{product}: administration"), product=PRODUCT_NAME)
    site_title = format_lazy(_("{product}: administration"), product=PRODUCT_SHORT_NAME)
    index_title = _("Reference data and users")

    def has_permission(self, request) -> bool:
        return request.user.is_active and has_perm(request.user, Perm.USE_ADMIN)

    def autocomplete_view(self, request):
        return ScopedAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        """Django's "view on site" redirect answers for any object of any model, and so would
        tell a province admin that another province's household exists: here it first opens
        the object through its own admin, which answers 404 outside the scope."""
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                view = self.admin_view(self.scoped_view_on_site)
                urls[index] = path(str(pattern.pattern), view, name="view_on_site")
        return urls

    def scoped_view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        if model is None or not self.is_registered(model):
            raise Http404
        model_admin = self.get_model_admin(model)
        if not model_admin.has_view_permission(request):
            raise Http404
        if model_admin.get_object(request, object_id) is None:
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def choice_admin_for(self, model) -> "ScopedChoicesMixin | None":
        """The admin (or inline) whose forms edit `model`, holding its choice rules."""
        if self.is_registered(model):
            model_admin = self.get_model_admin(model)
            return model_admin if isinstance(model_admin, ScopedChoicesMixin) else None
        for model_admin in self._registry.values():
            for inline in getattr(model_admin, "inlines", ()):
                if inline.model is model and issubclass(inline, ScopedChoicesMixin):
                    return inline(model_admin.model, self)
        return None


class ScopedAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete answers from the related model's admin queryset (scoped by its
    `get_queryset`); here also from the source field's own choice rule, so that a search
    offers exactly what the form would accept. A field no admin declares answers 403."""

    def get_queryset(self):
        queryset = super().get_queryset()
        source_admin = self.admin_site.choice_admin_for(self.source_field.model)
        if source_admin is None:
            raise PermissionDenied
        try:
            allowed = source_admin.scoped_choice_queryset(self.source_field, self.request)
        except ImproperlyConfigured:
            raise PermissionDenied from None
        return queryset.filter(pk__in=allowed.values("pk"))


def _is_area_model(model) -> bool:
    from povertyprog.areas.models import AREA_MODELS

    return model in AREA_MODELS.values()


def _area_choices(model, user) -> models.QuerySet:
    """Areas inside the user's scope: a Chiang Mai admin chooses among Chiang Mai's areas."""
    from povertyprog.accounts.access import scope_filter

    return scope_filter(model.objects.all(), user, "code")


class ScopedChoicesMixin:
    """Every relation choice a form offers comes from a scoped queryset.

    `scoped_choices` maps a field name to a function of the acting user returning the rows
    they may choose (an app's selector such as `mous_visible_to`), or to `RELATED_ADMIN`.
    Fields to an area model (province, district, subdistrict, village) need no entry: they
    offer the areas inside the user's scope.
    """

    scoped_choices: dict[str, ChoiceRule | str] = {}

    def scoped_choice_queryset(self, db_field, request) -> models.QuerySet:
        rule = self.scoped_choices.get(db_field.name)
        remote = db_field.remote_field.model
        if rule == RELATED_ADMIN:
            return self.admin_site.get_model_admin(remote).get_queryset(request)
        if rule is not None:
            return rule(request.user)
        if _is_area_model(remote):
            return _area_choices(remote, request.user)
        if remote is getattr(self, "parent_model", None):
            # An inline's link to its parent: the formset fixes it, it is never a choice.
            return remote._default_manager.none()
        if getattr(self, "read_only", False):
            # Django builds a read-only admin's form to learn its fields, never to edit.
            return remote._default_manager.none()
        raise ImproperlyConfigured(
            f"{type(self).__qualname__}: the choices of {db_field.model._meta.label}."
            f"{db_field.name} are not scoped; declare them in `scoped_choices`."
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self.scoped_choice_queryset(db_field, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not db_field.remote_field.through._meta.auto_created:
            return None  # edited through its own model (an inline), never as a choice list
        kwargs["queryset"] = self.scoped_choice_queryset(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # Checks ----------------------------------------------------------------------------

    def _form_field_names(self) -> set[str] | None:
        """The model fields a form of this admin may edit, as far as the class says."""
        names: set[str] = set()
        for fieldsets in (self.fieldsets, getattr(self, "add_fieldsets", None)):
            if fieldsets:
                names |= set(flatten_fieldsets(fieldsets))
        if not names and self.fields:
            names = set(self.fields)
        form_fields = getattr(getattr(self.form, "_meta", None), "fields", None)
        if not names and form_fields:
            names = set(form_fields)
        return names or None

    def check_scoped_choices(self) -> list[checks.CheckMessage]:
        """Every editable relation of the model has a choice rule (or is an area)."""
        if getattr(self, "read_only", False):
            return []
        listed = self._form_field_names()
        skipped = set(self.readonly_fields) | set(self.exclude or ())
        parent_fk = getattr(self, "fk_name", None)
        errors = []
        for field in self.model._meta.get_fields():
            if not (field.is_relation and field.concrete and getattr(field, "editable", False)):
                continue
            if field.many_to_many and not field.remote_field.through._meta.auto_created:
                continue
            if listed is not None and field.name not in listed:
                continue
            if field.name in skipped or field.name == parent_fk:
                continue
            parent = getattr(self, "parent_model", None)
            if parent is not None and field.remote_field.model is parent and parent_fk is None:
                continue  # the inline's link to its parent: fixed, never a choice
            if field.name in self.scoped_choices or _is_area_model(field.remote_field.model):
                continue
            errors.append(
                checks.Error(
                    f"The choices of {self.model._meta.label}.{field.name} are not scoped.",
                    hint="Declare them in `scoped_choices`, or make the field read-only.",
                    obj=type(self),
                    id="povertyprog.E001",
                )
            )
        return errors

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self.check_scoped_choices()]


class ScopedModelAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows are limited to the admin's area scope.

    `scope_field` names the lookup holding an area code ("code", "subdistrict__code",
    "area_scope"…); rows outside the user's scope prefix are invisible, so they answer 404.
    None marks reference data that every province shares.

    `read_only`: the model's writes have rules in a service and a page of their own, so the
    admin only shows it, with a link (`app_page_label`) to that page.
    `national_reference`: only national-scope admins change it; others see it read-only.
    """

    scope_field = "code"
    read_only = False
    national_reference = False
    app_page_label = _("Open its page")
    # The Perm its rows need, beyond entering the admin (MANAGE_USERS, MANAGE_REFERENCE_DATA).
    perm = Perm.USE_ADMIN

    def get_queryset(self, request):
        from povertyprog.accounts.access import scope_filter

        queryset = super().get_queryset(request)
        if self.scope_field is None:  # reference data shared by every province
            return queryset
        return scope_filter(queryset, request.user, self.scope_field)

    def get_object(self, request, object_id, from_field=None):
        """Missing and out of scope both answer 404, as on the app pages (Django's admin
        would redirect to its index with a message)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def get_form(self, request, obj=None, **kwargs):
        """Forms learn who is acting, so they can refuse values outside the user's scope."""
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def get_list_filter(self, request):
        """A relation filter lists the related rows the user may choose, not every row."""
        return [
            (entry, ScopedRelatedFieldListFilter) if self._is_relation_name(entry) else entry
            for entry in super().get_list_filter(request)
        ]

    def _is_relation_name(self, entry) -> bool:
        if not isinstance(entry, str) or "__" in entry:
            return False
        field = self.model._meta.get_field(entry)
        return field.is_relation and field.concrete

    # Read-only models: a link to the page that edits them ---------------------------------

    @admin.display(description=_("Where to edit"))
    def app_page(self, obj) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), self.app_page_label)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if self.read_only and obj is not None and hasattr(obj, "get_absolute_url"):
            fields += ("app_page",)
        return fields

    # Writes, each audited --------------------------------------------------------------

    def _log(self, request, obj, verb: str, data: dict | None = None) -> None:
        from povertyprog.audit.services import activity_log

        activity_log(
            f"admin.{obj._meta.label_lower}.{verb}", actor=request.user, target=obj, data=data
        )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self._log(request, obj, "changed" if change else "created", {"fields": form.changed_data})

    def delete_model(self, request, obj) -> None:
        self._log(request, obj, "deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        """ "Delete selected": one entry per object, as a single delete writes."""
        with transaction.atomic():
            for obj in queryset:
                self._log(request, obj, "deleted", {"bulk": True})
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change) -> None:
        """Inline rows: one entry per row created, changed or deleted."""
        with transaction.atomic():
            for inline_form in formset.deleted_forms:
                if inline_form.instance.pk is not None:
                    self._log(request, inline_form.instance, "deleted", {"inline": True})
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                self._log(request, obj, "created", {"inline": True})
            for obj, fields in formset.changed_objects:
                self._log(request, obj, "changed", {"inline": True, "fields": fields})

    # Permissions -------------------------------------------------------------------------

    def _allowed(self, request) -> bool:
        user = request.user
        return user.is_active and has_perm(user, Perm.USE_ADMIN) and has_perm(user, self.perm)

    def _may_write(self, request) -> bool:
        from povertyprog.accounts.access import area_scope_of

        if self.read_only or not self._allowed(request):
            return False
        # National reference data: the scope decides, not the role (DESIGN.md "Decisions").
        return not self.national_reference or area_scope_of(request.user) == ""

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._may_write(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_write(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_write(request)


class ColumnLabelledExportForm(SelectableFieldsExportForm):
    """The export page's checkboxes, each labelled with the column it writes in the file
    (import-export titles the attribute's name in English: "Contact Person (ผู้ประสานงาน)")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """The related-field filter, listing only the rows the admin's choice rule allows."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        allowed = model_admin.scoped_choice_queryset(field, request)
        return field.get_choices(
            include_blank=False,
            ordering=ordering,
            limit_choices_to={"pk__in": allowed.values("pk")},
        )


class ScopedInlineFormSet(BaseInlineFormSet):
    """Each row's hidden primary-key field accepts only the rows of this parent (Django's
    accepts any row of the model)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get(self._pk_field.name)
        if isinstance(field, ModelChoiceField):
            field.queryset = self.get_queryset()


class ScopedInlineMixin(ScopedChoicesMixin):
    """An inline: scoped choices, and the permissions of the admin it sits in (its rows are
    written with the parent's save, and audited by the parent's `save_formset`)."""

    formset = ScopedInlineFormSet

    def _parent(self):
        return self.admin_site.get_model_admin(self.parent_model)

    @property
    def read_only(self) -> bool:
        return getattr(self._parent(), "read_only", False)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._parent().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._parent().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._parent().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._parent().has_change_permission(request, obj)


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    pass


@checks.register(checks.Tags.admin)
def check_inlines_are_scoped(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every inline of a scoped admin scopes its choices too.

    (Admins that are not ScopedModelAdmins, Django's groups and the task results, rely on
    Django's model permissions, which no role is given: only superusers open them. The
    admin tests walk every registered model to hold that.)"""
    errors = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedModelAdmin):
            continue
        for inline in model_admin.inlines:
            if not issubclass(inline, ScopedInlineMixin):
                errors.append(
                    checks.Error(
                        f"The inline {inline.__qualname__} of {model._meta.label} is not scoped.",
                        obj=inline,
                        id="povertyprog.E002",
                    )
                )
    return errors
