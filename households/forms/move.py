"""The form that records a household's move to another address of its province (shape only:
households.services.household_move checks every rule)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from povertyprog.areas.models import Village


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, village: Village) -> str:
        return f"{village.code} · {_('Moo')} {village.moo} {village.name}"


class HouseholdMoveForm(forms.Form):
    village = VillageChoiceField(
        queryset=Village.objects.none(), label=_("Village it lives in now"), to_field_name="code"
    )
    house_no = forms.CharField(label=_("House number"), max_length=30)
    house_code = forms.CharField(
        label=_("House code"),
        max_length=20,
        required=False,
        help_text=_("รหัสประจำบ้าน, 11 digits; empty: unchanged."),
    )
    note = forms.CharField(
        label=_("How the move became known"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        villages = (
            Village.objects.filter(code__startswith=household.village_id[:2])
            .select_related("subdistrict__district")
            .order_by("code")
        )
        self.fields["village"].queryset = villages
        groups: dict[str, list] = {}
        for village in villages:
            subdistrict = village.subdistrict
            group = f"{subdistrict.district.name} · {subdistrict.name}"
            groups.setdefault(group, []).append(
                (village.code, f"{_('Moo')} {village.moo} {village.name}")
            )
        self.fields["village"].choices = [("", "—"), *groups.items()]
