"""Forms of the care step (ดูแลชีวิต): a follow-up visit (shape only: the rules are
households.visit_services.visit_record's), and the follow-ups page's district filter."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from agencies.forms.mous import thai_date_field
from povertyprog.core.layout import filter_actions

from ..registry_queries import districts_for_filter


class VisitForm(forms.Form):
    """A follow-up visit: the day (BE, today by default), what was found, when the next
    visit is due (optional)."""

    visited_on = thai_date_field(gettext_lazy("Visited on"))
    findings = forms.CharField(
        label=gettext_lazy("What the visit found"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_visit_due = thai_date_field(
        gettext_lazy("Next visit due"),
        required=False,
        help_text=gettext_lazy("Leave it empty if no further visit is planned."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"visited_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


# The lists of the follow-ups page, each with its own Excel export (?format=xlsx&list=…).
FOLLOW_UP_LISTS = ("visits", "activities")


class FollowUpFilterForm(forms.Form):
    """Which district the follow-ups page shows, for a user whose scope holds several (a
    district officer's scope is their district: no choice to make). Bind it to request.GET;
    an invalid choice is reported and ignored."""

    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        districts = list(districts_for_filter(user))
        self.has_choice = len(districts) > 1
        self.fields["district"].choices = [
            ("", gettext_lazy("All districts")),
            *((district.code, district.name) for district in districts),
        ]
        url = reverse("households:follow_ups")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = url
        self.helper.form_id = "follow-up-filters"
        self.helper.disable_csrf = True
        self.helper.form_class = "d-print-none"
        self.helper.layout = Layout(
            Row(
                Column("district", css_class="col-12 col-md-4"),
                Column(
                    filter_actions(url, css_class="mb-3"),
                    css_class="col-12 col-md-8 align-self-end",
                ),
            )
        )

    @property
    def chosen_district(self) -> str:
        """The chosen district's code, or "" for the whole scope."""
        if not self.has_choice or not self.is_valid():
            return ""
        return self.cleaned_data["district"]
