"""Pieces of crispy-forms layout that every list page shares."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.layout import HTML, Div
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def filter_actions(clear_url: str, *, small: bool = False, css_class: str = "") -> Div:
    """The "Filter" button and the "Clear filters" link under a list's filter form."""
    size = " btn-sm" if small else ""
    return Div(
        StrictButton(
            format_html('<i class="bi bi-funnel"></i> {}', _("Filter")),
            type="submit",
            css_class="btn-primary" + size,
        ),
        HTML(
            format_html(
                '<a class="btn btn-outline-secondary{}" href="{}">{}</a>',
                size,
                clear_url,
                _("Clear filters"),
            )
        ),
        css_class="d-flex flex-wrap gap-2 " + css_class,
    )
