"""Writes of the programme's manage step: host agencies (เจ้าภาพ) and assistance records.
Atomic, keyword-only, given the acting user, one activity-log entry each (a bulk host
assignment is one entry for all its cases).

Who may do what:

- host agencies are assigned by whoever manages the case's targets (MANAGE_TARGETS: province
  staff for their province, district officers for households living in their district);
- assistance is recorded (RECORD_ASSISTANCE) by officers for cases in their area, and by an
  agency liaison for the cases their agency hosts now, in their agency's name.

A case the user may not see answers 404; a rule the change breaks raises a ValidationError
keyed by the field to correct. `by=None` is the system (the demo): no rights are checked.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency, AssistanceType, Lever, MOUStatus, Pledge
from agencies.selectors import liaison_agency_id
from povertyprog.accounts.access import area_in_scope, require_perm
from povertyprog.accounts.roles import Perm, ScopeKind, scope_kind_of
from povertyprog.audit.services import activity_log

from .models import (
    OPEN_ACTIVITY,
    ActivityStatus,
    Assistance,
    HostAssignment,
    PlanActivity,
    Programme,
    ProgrammeStatus,
    Stage,
    Target,
)
from .programme_selectors import targets_visible_to
from .programme_services import programme_check_rights, target_stage_refresh

_CHANGED = gettext_lazy(
    "The cases, the hosts or the pledge changed since this preview. Preview again before assigning."
)


def _user(by):
    return by if by is not None and by.is_authenticated else None


def _case_for(target: Target, by, perm: Perm) -> Target:
    """The case, locked; 404 if `by` may not see it, as for a missing one."""
    if by is not None:
        require_perm(by, perm)
        if not targets_visible_to(by).filter(pk=target.pk).exists():
            raise Http404
    return (
        Target.objects.select_for_update(of=("self",))
        .select_related("programme", "household")
        .get(pk=target.pk)
    )


# Host agencies ------------------------------------------------------------------------------


def _check_agency(agency: Agency, programme: Programme) -> None:
    if not agency.is_active:
        raise ValidationError({"agency": _("This agency is no longer active.")})
    if agency.province_id not in (None, programme.province_id):
        raise ValidationError(
            {"agency": _("Choose an agency of the programme's province or a national one.")}
        )


def _pledge_used(pledge: Pledge) -> int:
    """Cases hosted now under the pledge."""
    return HostAssignment.objects.filter(pledge=pledge, ended_at__isnull=True).count()


def _check_pledge(pledge: Pledge, agency: Agency, district_code: str) -> int:
    """Raise if the pledge cannot take a case of the district; else its room left."""
    if pledge.agency_id != agency.pk:
        raise ValidationError({"pledge": _("This pledge is another agency's.")})
    mou = pledge.mou
    if mou.status != MOUStatus.SIGNED or mou.valid_until < timezone.localdate():
        raise ValidationError(
            {"pledge": _("The pledge's MOU is not in force (not signed, expired or cancelled).")}
        )
    if not pledge.districts.filter(code=district_code).exists():
        raise ValidationError({"pledge": _("The pledge does not cover this household's district.")})
    return pledge.households_pledged - _pledge_used(pledge)


def _district_of(target: Target) -> str:
    """The district the household lives in now (the village code's first four digits)."""
    return target.household.village_id[:4]


@transaction.atomic
def host_assign(*, target: Target, agency: Agency, pledge: Pledge | None = None, by):
    """Make `agency` the case's host (under `pledge`, if given). A current host is ended
    and kept in the history; assigning the same host and pledge again changes nothing."""
    target = _case_for(target, by, Perm.MANAGE_TARGETS)
    if target.stage == Stage.DROPPED:
        raise ValidationError(_("This case was dropped."), code="dropped")
    if target.programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("The programme is closed."), code="status")
    _check_agency(agency, target.programme)
    current = HostAssignment.objects.filter(target=target, ended_at__isnull=True).first()
    if current and (current.agency_id, current.pledge_id) == (
        agency.pk,
        pledge.pk if pledge else None,
    ):
        return current
    if pledge is not None:
        pledge = Pledge.objects.select_for_update().select_related("mou").get(pk=pledge.pk)
        room = _check_pledge(pledge, agency, _district_of(target))
        if current and current.pledge_id == pledge.pk:
            room += 1  # the case moves within the pledge
        if room <= 0:
            raise ValidationError(
                {
                    "pledge": _("The pledge's %(n)s households are all assigned already.")
                    % {"n": pledge.households_pledged}
                }
            )
    if current:
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at", "updated_at"])
    assignment = HostAssignment.objects.create(
        target=target, agency=agency, pledge=pledge, assigned_by=_user(by)
    )
    activity_log(
        "households.target.host_assigned",
        actor=by,
        target=target,
        data={
            "agency": agency.pk,
            "pledge": pledge.pk if pledge else None,
            "before": current.agency_id if current else None,
        },
    )
    return assignment


@dataclass(frozen=True)
class BulkHostPreview:
    """What `hosts_assign_bulk` will do: the cases it will host, in order, and why others
    in the area are left out; `state_token` tells the commit whether anything changed."""

    target_ids: tuple[int, ...]
    area_targets: int  # live cases living in the area
    already_hosted: int
    pledge_room: int | None  # households the pledge can still take (None: no pledge)
    state_token: str

    @property
    def count(self) -> int:
        return len(self.target_ids)


def hosts_assign_bulk_preview(
    *,
    programme: Programme,
    agency: Agency,
    count: int,
    district_code: str = "",
    subdistrict_code: str = "",
    pledge: Pledge | None = None,
    by,
) -> BulkHostPreview:
    """Up to `count` cases of the district (or subdistrict) that have no host yet, in the
    programme's order (district, rank), capped by the pledge's room. "One agency per five
    households" is `count=5` for each agency in turn."""
    programme_check_rights(programme=programme, by=by)
    area = subdistrict_code or district_code
    if len(area) not in (4, 6) or (district_code and subdistrict_code):
        raise ValidationError({"district_code": _("Choose one district or one subdistrict.")})
    if by is not None and not area_in_scope(by, area):
        raise ValidationError({"district_code": _("This area is outside yours.")})
    if area[:2] != programme.province_id:
        raise ValidationError(
            {"district_code": _("This area is outside the programme's province.")}
        )
    if count < 1:
        raise ValidationError({"count": _("Assign at least one household.")})
    _check_agency(agency, programme)
    room = None
    if pledge is not None:
        pledge = Pledge.objects.select_related("mou").get(pk=pledge.pk)
        room = max(_check_pledge(pledge, agency, area[:4]), 0)
        if room == 0:
            raise ValidationError(
                {
                    "pledge": _("The pledge's %(n)s households are all assigned already.")
                    % {"n": pledge.households_pledged}
                }
            )
    live = programme.targets.exclude(stage=Stage.DROPPED).filter(
        household__village__code__startswith=area
    )
    hosted = Exists(HostAssignment.objects.filter(target=OuterRef("pk"), ended_at__isnull=True))
    live = live.annotate(hosted=hosted)
    figures = {"area": live.count(), "hosted": live.filter(hosted=True).count()}
    free = list(
        live.filter(hosted=False)
        .order_by("district", "rank", "pk")
        .values_list("pk", flat=True)[: min(count, room) if room is not None else count]
    )
    token = hashlib.sha256(
        repr(
            (programme.pk, str(programme.status), agency.pk, pledge and pledge.pk, room, free)
        ).encode()
    ).hexdigest()
    return BulkHostPreview(
        target_ids=tuple(free),
        area_targets=figures["area"],
        already_hosted=figures["hosted"],
        pledge_room=room,
        state_token=token,
    )


@transaction.atomic
def hosts_assign_bulk(
    *,
    programme: Programme,
    agency: Agency,
    count: int,
    state_token: str,
    district_code: str = "",
    subdistrict_code: str = "",
    pledge: Pledge | None = None,
    by,
) -> list[HostAssignment]:
    """Assign exactly the cases the preview showed, or nothing if anything changed since
    (another assignment, a drop, the pledge's room): the user previews again. One
    activity-log entry for the whole assignment."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("The programme is closed."), code="status")
    if pledge is not None:
        Pledge.objects.select_for_update().filter(pk=pledge.pk).first()
    preview = hosts_assign_bulk_preview(
        programme=programme,
        agency=agency,
        count=count,
        district_code=district_code,
        subdistrict_code=subdistrict_code,
        pledge=pledge,
        by=by,
    )
    if preview.state_token != state_token:
        raise ValidationError(_CHANGED, code="stale")
    if not preview.target_ids:
        raise ValidationError(_("No case of this area is left without a host."), code="empty")
    assignments = HostAssignment.objects.bulk_create(
        [
            HostAssignment(target_id=pk, agency=agency, pledge=pledge, assigned_by=_user(by))
            for pk in preview.target_ids
        ]
    )
    activity_log(
        "households.targets.hosts_assigned",
        actor=by,
        target=programme,
        data={
            "agency": agency.pk,
            "pledge": pledge.pk if pledge else None,
            "area": subdistrict_code or district_code,
            "targets": len(assignments),
        },
    )
    return assignments


# Assistance -------------------------------------------------------------------------------


@transaction.atomic
def assistance_record(*, target: Target, by, **values) -> Assistance:
    """Record help given to a case: `date`, `agency`, `pledge` (optional), `lever`,
    `assistance_type` (optional), `what`, `value` (baht), `note`, and the `plan_activity` it
    completes (optional: an open activity of the case's plan on the same lever, with no other
    agency responsible). A liaison records only for
    the cases their agency hosts now, in their agency's name. Recording moves the case's
    stage (assisted)."""
    target = _case_for(target, by, Perm.RECORD_ASSISTANCE)
    if target.stage == Stage.DROPPED:
        raise ValidationError(_("This case was dropped."), code="dropped")
    unknown = set(values) - {
        "date",
        "agency",
        "pledge",
        "lever",
        "assistance_type",
        "what",
        "value",
        "note",
        "plan_activity",
    }
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    errors = {}
    agency = values.get("agency")
    pledge = values.get("pledge")
    kind: AssistanceType | None = values.get("assistance_type")
    lever = values.get("lever") or (pledge.lever if pledge else "")
    if by is not None and scope_kind_of(by) == ScopeKind.AGENCY:
        own = liaison_agency_id(by)
        agency = agency or (Agency(pk=own) if own else None)
        if agency is None or agency.pk != own:
            errors["agency"] = _("You record assistance in your own agency's name only.")
    if agency is None:
        errors["agency"] = _("Choose the agency that gave the help.")
    if pledge is not None and agency is not None and pledge.agency_id != agency.pk:
        errors["pledge"] = _("This pledge is another agency's.")
    if lever not in Lever.values:
        errors["lever"] = _("Choose the lever.")
    elif kind is not None and kind.lever != lever:
        errors["assistance_type"] = _("This kind of assistance belongs to another lever.")
    date = values.get("date")
    if date is None:
        errors["date"] = _("Give the date of the help.")
    elif date > timezone.localdate():
        errors["date"] = _("The date is in the future.")
    what = (values.get("what") or "").strip()
    if not what:
        errors["what"] = _("Say what was given.")
    try:
        value = Decimal(values.get("value") or 0)
    except InvalidOperation:
        value = Decimal(-1)
    if value < 0:
        errors["value"] = _("Give the value in baht (zero or more).")
    activity = values.get("plan_activity")
    if activity is not None and not errors:
        activity = _activity_to_complete(activity, target, agency.pk, lever)
    if errors:
        raise ValidationError(errors)
    liaison = by is not None and scope_kind_of(by) == ScopeKind.AGENCY
    if (
        liaison
        and not HostAssignment.objects.filter(
            target=target, agency_id=agency.pk, ended_at__isnull=True
        ).exists()
    ):
        raise Http404  # not their agency's case (targets_visible_to lets them see it only then)
    assistance = Assistance(
        target=target,
        date=date,
        agency_id=agency.pk,
        pledge=pledge,
        lever=lever,
        assistance_type=kind,
        what=what,
        value=value,
        note=(values.get("note") or "").strip(),
        recorded_by=_user(by),
    )
    assistance.full_clean(exclude=["target", "agency", "pledge", "assistance_type"])
    assistance.save()
    if activity is not None:
        activity.status, activity.completed_on = ActivityStatus.DONE, assistance.date
        activity.completed_by = assistance
        activity.save(update_fields=["status", "completed_on", "completed_by", "updated_at"])
    target_stage_refresh(target)
    activity_log(
        "households.target.assistance_recorded",
        actor=by,
        target=target,
        data={
            "assistance": assistance.pk,
            "agency": agency.pk,
            "pledge": pledge.pk if pledge else None,
            "lever": lever,
            "value": str(value),
            "plan_activity": activity.pk if activity is not None else None,
        },
    )
    return assistance


def _activity_to_complete(
    activity: PlanActivity, target: Target, agency_id: int, lever: str
) -> PlanActivity:
    """The plan activity, locked, if this assistance may complete it: an open activity of
    the case's plan, on the same lever, with no other agency responsible for it."""
    activity = (
        PlanActivity.objects.select_for_update(of=("self",))
        .select_related("plan")
        .filter(pk=activity.pk, plan__target=target)
        .first()
    )
    if activity is None:
        raise ValidationError({"plan_activity": _("This activity is not in the case's plan.")})
    if activity.status not in OPEN_ACTIVITY:
        raise ValidationError({"plan_activity": _("This activity is done or cancelled already.")})
    if activity.agency_id is not None and activity.agency_id != agency_id:
        raise ValidationError(
            {"plan_activity": _("Another agency is responsible for this activity.")}
        )
    if activity.lever != lever:
        raise ValidationError({"plan_activity": _("This activity is on another lever.")})
    return activity
