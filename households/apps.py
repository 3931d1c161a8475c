from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Households")

    def ready(self) -> None:
        from agencies.delivery import delivery_figures_register
        from povertyprog.accounts.roles import Perm, ScopeKind, scope_kind_of
        from povertyprog.audit.labels import action_labels_register
        from povertyprog.core.menu import MenuEntry, menu_register

        from .audit_labels import ACTION_LABELS
        from .delivery_figures import delivery_figures

        menu_register(
            MenuEntry(
                _("Households"), "households:list", "house-door", Perm.VIEW_PERSONAL_DATA, 20
            ),
            MenuEntry(
                _("Programmes"), "households:programme_list", "flag", Perm.VIEW_DASHBOARD, 22
            ),
            MenuEntry(
                _("Cases"), "households:case_list", "clipboard-check", Perm.MANAGE_TARGETS, 25
            ),
            MenuEntry(
                # Translators: a menu entry; keep it short (ติดตามผล): a province admin's menu
                # must fit a 1280 px screen on one line.
                _("Follow-ups"),
                "households:follow_ups",
                "calendar-check",
                Perm.MANAGE_TARGETS,
                26,
            ),
            MenuEntry(
                _("Import จปฐ."), "households:import_list", "upload", Perm.IMPORT_SURVEYS, 40
            ),
            MenuEntry(
                _("Hosted households"),
                "households:hosted_cases",
                "house-heart",
                Perm.RECORD_ASSISTANCE,
                25,
                # An agency liaison's door; officers reach help through their cases (the
                # case list filters by host agency).
                only=lambda user: scope_kind_of(user) == ScopeKind.AGENCY,
            ),
        )
        action_labels_register(ACTION_LABELS)
        delivery_figures_register(delivery_figures)
