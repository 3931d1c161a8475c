"""Writes for the fair itself: creating it (with its quotas, desks and plan of work), its
details, quotas, desks, booths, MOUs and plan of work. Atomic, audited, and only for the
fair managers of its province (`fair_is_managed_by`); `by=None` is the system (the demo).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import MOU, Agency, MOUStatus, Pledge
from households.models import Programme, Stage, Target
from povertyprog.areas.models import District
from povertyprog.audit.services import activity_log
from povertyprog.core.changes import apply_changes, changed_values

from ..fair_template import PLAN_STEPS, step_due_on
from ..models import Booth, Desk, Fair, FairDistrictQuota, FairTask, TaskStatus
from ..models.fair import TASK_FIELDS
from ..selectors import fair_is_managed_by

FAIR_FIELDS = (
    "name",
    "theme",
    "starts_at",
    "ends_at",
    "venue",
    "venue_address",
    "capacity",
    "rsvp_deadline",
)
BOOTH_FIELDS = ("agency", "service", "place", "pledge")
DESK_PREFIX = "จุดลงทะเบียนอำเภอ"


def _check_manager(fair: Fair, by) -> None:
    if by is not None and not fair_is_managed_by(by, fair):
        raise PermissionDenied


def _fair_day(fair: Fair) -> datetime.date:
    return timezone.localdate(fair.starts_at)


def _check_fair_values(fair: Fair) -> None:
    errors = {}
    if not (fair.name or "").strip():
        errors["name"] = _("Give the fair a name.")
    if not (fair.venue or "").strip():
        errors["venue"] = _("Say where the fair is held.")
    if fair.starts_at and fair.ends_at and fair.ends_at < fair.starts_at:
        errors["ends_at"] = _("The fair cannot end before it starts.")
    if fair.capacity is not None and fair.capacity < 1:
        errors["capacity"] = _("The venue must hold at least one person.")
    if fair.starts_at and fair.rsvp_deadline and fair.rsvp_deadline > _fair_day(fair):
        errors["rsvp_deadline"] = _("The RSVP deadline cannot be after the fair day.")
    if errors:
        raise ValidationError(errors)


def _district_name(district: District) -> str:
    return f"{DESK_PREFIX}{district.name_th}"


@transaction.atomic
def fair_create(
    *,
    programme: Programme,
    name: str,
    theme: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str,
    venue_address: str,
    capacity: int,
    rsvp_deadline: datetime.date,
    by,
) -> Fair:
    """Open a fair of the programme, with what every fair starts from: a quota per district
    (its cases still in the programme, not dropped), a registration desk per district that
    has cases, and the plan of work from the template (fair_template.PLAN_STEPS), each task
    due at its distance from the fair day."""
    fair = Fair(
        programme=programme,
        name=name,
        theme=theme,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        venue_address=venue_address,
        capacity=capacity,
        rsvp_deadline=rsvp_deadline,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    _check_manager(fair, by)
    _check_fair_values(fair)
    fair.save()
    per_district = (
        Target.objects.filter(programme=programme)
        .exclude(stage=Stage.DROPPED)
        .values("district")
        .annotate(cases=Count("pk"))
        .order_by("district")
    )
    counts = {row["district"]: row["cases"] for row in per_district}
    districts = District.objects.filter(code__in=counts).order_by("code")
    FairDistrictQuota.objects.bulk_create(
        FairDistrictQuota(fair=fair, district=d, quota=counts[d.code]) for d in districts
    )
    Desk.objects.bulk_create(Desk(fair=fair, district=d, name=_district_name(d)) for d in districts)
    fair_day = _fair_day(fair)
    FairTask.objects.bulk_create(
        FairTask(
            fair=fair,
            key=step.key,
            title=step.title,
            owner=step.owner,
            due_on=step_due_on(step, fair_day=fair_day, rsvp_deadline=rsvp_deadline),
            position=position,
        )
        for position, step in enumerate(PLAN_STEPS, start=1)
    )
    activity_log(
        "events.fair.created",
        actor=by,
        target=fair,
        data={"programme": programme.pk, "districts": len(counts), "tasks": len(PLAN_STEPS)},
    )
    return fair


@transaction.atomic
def fair_update(*, fair: Fair, by, **values) -> Fair:
    """Change the fair's details. When the fair day moves, the unfinished tasks of the plan
    move with it (the RSVP step follows the RSVP deadline); tasks done stay as they were."""
    _check_manager(fair, by)
    unknown = set(values) - set(FAIR_FIELDS)
    if unknown:
        raise TypeError(f"fair_update: unknown fields {sorted(unknown)}")
    old_day, old_deadline = _fair_day(fair), fair.rsvp_deadline
    changed = apply_changes(fair, FAIR_FIELDS, values)
    if not changed:
        return fair
    _check_fair_values(fair)
    fair.save(update_fields=[*changed, "updated_at"])
    shift = _fair_day(fair) - old_day
    dated = bool(shift) or fair.rsvp_deadline != old_deadline
    open_tasks = fair.tasks.exclude(status=TaskStatus.DONE) if dated else []
    moved = 0
    for task in open_tasks:
        if task.key == "rsvp_deadline" and task.due_on == old_deadline:
            new_due = fair.rsvp_deadline
        else:
            new_due = task.due_on + shift
        if new_due != task.due_on:
            task.due_on = new_due
            task.save(update_fields=["due_on", "updated_at"])
            moved += 1
    activity_log(
        "events.fair.changed",
        actor=by,
        target=fair,
        data={**changed_values(fair, changed), "tasks_moved": moved},
    )
    return fair


# Quotas ------------------------------------------------------------------------------------


def fair_province_districts(fair: Fair):
    """The districts of the fair's province: those a quota or a desk may name."""
    return District.objects.filter(province_id=fair.programme.province_id).order_by("code")


@transaction.atomic
def fair_quota_set(*, fair: Fair, district: District, quota: int, by) -> FairDistrictQuota:
    """How many households the district brings (0 or more; a district of the province)."""
    _check_manager(fair, by)
    if quota is None or quota < 0:
        raise ValidationError({"quota": _("A quota cannot be negative.")})
    if district.province_id != fair.programme.province_id:
        raise ValidationError({"district": _("The district is not in the fair's province.")})
    row, created = FairDistrictQuota.objects.get_or_create(
        fair=fair, district=district, defaults={"quota": quota}
    )
    before = None if created else row.quota
    if not created and row.quota != quota:
        row.quota = quota
        row.save(update_fields=["quota"])
    if created or before != quota:
        activity_log(
            "events.fair.quota_set",
            actor=by,
            target=fair,
            data={"district": district.code, "before": before, "after": quota},
        )
    return row


@transaction.atomic
def fair_quotas_set(*, fair: Fair, quotas: dict[str, int | None], by) -> int:
    """Set several districts' quotas at once (district code → households, None: no quota,
    the district's invitations uncapped); all or none: errors come back keyed by district
    code. Returns how many changed."""
    _check_manager(fair, by)
    current = {q.district_id: q for q in fair.quotas.all()}
    districts = District.objects.in_bulk(list(quotas))
    changed = 0
    errors = {}
    for code, quota in quotas.items():
        row = current.get(code)
        if code not in districts:
            errors[code] = [_("Unknown district.")]
        elif quota is None:
            if row is not None:
                row.delete()
                activity_log(
                    "events.fair.quota_set",
                    actor=by,
                    target=fair,
                    data={"district": code, "before": row.quota, "after": None},
                )
                changed += 1
        elif row is None or row.quota != quota:
            try:
                fair_quota_set(fair=fair, district=districts[code], quota=quota, by=by)
            except ValidationError as error:
                errors[code] = error.messages
            else:
                changed += 1
    if errors:  # keyed by district code; nothing is kept (the transaction rolls back)
        raise ValidationError(errors)
    return changed


# Desks -------------------------------------------------------------------------------------


def _check_desk_name(fair: Fair, name: str, desk: Desk | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the desk a name.")})
    others = fair.desks.filter(name=name)
    if desk is not None:
        others = others.exclude(pk=desk.pk)
    if others.exists():
        raise ValidationError({"name": _("The fair has a desk of that name already.")})
    return name


@transaction.atomic
def desk_add(*, fair: Fair, name: str, district: District | None = None, by) -> Desk:
    _check_manager(fair, by)
    name = _check_desk_name(fair, name)
    if district is not None and district.province_id != fair.programme.province_id:
        raise ValidationError({"district": _("The district is not in the fair's province.")})
    desk = Desk.objects.create(fair=fair, name=name, district=district)
    activity_log("events.desk.added", actor=by, target=desk, data={"fair": fair.pk, "name": name})
    return desk


@transaction.atomic
def desk_rename(*, desk: Desk, name: str, by) -> Desk:
    _check_manager(desk.fair, by)
    name = _check_desk_name(desk.fair, name, desk)
    before = desk.name
    if name != before:
        desk.name = name
        desk.save(update_fields=["name", "updated_at"])
        activity_log(
            "events.desk.renamed", actor=by, target=desk, data={"before": before, "after": name}
        )
    return desk


@transaction.atomic
def desk_remove(*, desk: Desk, by) -> None:
    """Remove a desk nobody has checked in at and no invitation points to."""
    _check_manager(desk.fair, by)
    if desk.check_ins.exists():
        raise ValidationError(_("People have checked in at this desk: it cannot be removed."))
    if desk.invitations.exists():
        raise ValidationError(
            _("Invitations name this desk: move them to another desk before removing it.")
        )
    activity_log(
        "events.desk.removed",
        actor=by,
        target=desk.fair,
        data={"desk": desk.pk, "name": desk.name},
    )
    desk.delete()


# Booths ------------------------------------------------------------------------------------


def booth_agencies(fair: Fair):
    """Agencies that may run a booth: those that signed one of the fair's MOUs, and the
    active agencies of the fair's province or nationwide."""
    from django.db.models import Q

    province = fair.programme.province_id
    return (
        Agency.objects.filter(
            Q(signatures__mou__fairs=fair)
            | Q(is_active=True, province_id=province)
            | Q(is_active=True, province__isnull=True)
        )
        .distinct()
        .order_by("name_th")
    )


def _check_booth(fair: Fair, values: dict) -> None:
    errors = {}
    agency, pledge = values.get("agency"), values.get("pledge")
    if agency is None:
        errors["agency"] = _("Choose the agency that runs the booth.")
    elif not booth_agencies(fair).filter(pk=agency.pk).exists():
        errors["agency"] = _(
            "The agency neither signed one of the fair's MOUs nor is active in the province."
        )
    if not (values.get("service") or "").strip():
        errors["service"] = _("Say what the booth offers.")
    if pledge is not None and agency is not None and pledge.agency_id != agency.pk:
        errors["pledge"] = _("The pledge is not the agency's.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def booth_add(
    *,
    fair: Fair,
    agency: Agency,
    service: str,
    place: str = "",
    pledge: Pledge | None = None,
    by,
) -> Booth:
    _check_manager(fair, by)
    values = {"agency": agency, "service": service, "place": place, "pledge": pledge}
    _check_booth(fair, values)
    booth = Booth.objects.create(fair=fair, **values)
    activity_log(
        "events.booth.added",
        actor=by,
        target=booth,
        data={"fair": fair.pk, "agency": agency.pk, "service": service},
    )
    return booth


@transaction.atomic
def booth_update(*, booth: Booth, by, **values) -> Booth:
    _check_manager(booth.fair, by)
    merged = {name: values.get(name, getattr(booth, name)) for name in BOOTH_FIELDS}
    _check_booth(booth.fair, merged)
    changed = apply_changes(booth, BOOTH_FIELDS, values)
    if changed:
        booth.save(update_fields=[*changed, "updated_at"])
        activity_log(
            "events.booth.changed",
            actor=by,
            target=booth,
            data=changed_values(booth, changed),
        )
    return booth


@transaction.atomic
def booth_remove(*, booth: Booth, by) -> None:
    """Remove a booth that has served nobody yet."""
    _check_manager(booth.fair, by)
    if booth.services.exists():
        raise ValidationError(_("The booth has served households: it cannot be removed."))
    activity_log(
        "events.booth.removed",
        actor=by,
        target=booth.fair,
        data={"booth": booth.pk, "agency": booth.agency_id, "service": booth.service},
    )
    booth.delete()


# MOUs --------------------------------------------------------------------------------------


def fair_mou_choices(fair: Fair):
    """MOUs of the fair's province that may be signed at it (not cancelled)."""
    return (
        MOU.objects.filter(province_id=fair.programme.province_id)
        .exclude(status=MOUStatus.CANCELLED)
        .order_by("-fiscal_year_be", "title")
    )


@transaction.atomic
def fair_mous_set(*, fair: Fair, mous, by) -> Fair:
    """Which MOUs are signed at the fair (MOUs of its province, not cancelled)."""
    _check_manager(fair, by)
    mous = list(mous)
    allowed = set(fair_mou_choices(fair).values_list("pk", flat=True))
    if any(mou.pk not in allowed for mou in mous):
        raise ValidationError({"mous": _("Choose MOUs of the fair's province, not cancelled.")})
    before = sorted(fair.mous.values_list("pk", flat=True))
    after = sorted(mou.pk for mou in mous)
    if before != after:
        fair.mous.set(mous)
        activity_log(
            "events.fair.mous_set", actor=by, target=fair, data={"before": before, "after": after}
        )
    return fair


# Plan of work ------------------------------------------------------------------------------


def _check_task(task: FairTask) -> None:
    errors = {}
    if not (task.title or "").strip():
        errors["title"] = _("Say what the task is.")
    if task.due_on is None:
        errors["due_on"] = _("Give the task a due date.")
    if task.status not in TaskStatus.values:
        errors["status"] = _("Unknown status.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_add(
    *,
    fair: Fair,
    title: str,
    due_on: datetime.date,
    owner: str = "",
    note: str = "",
    status: str = TaskStatus.TODO,
    by,
) -> FairTask:
    _check_manager(fair, by)
    last = fair.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    task = FairTask(
        fair=fair,
        title=title,
        owner=owner,
        due_on=due_on,
        note=note,
        status=status,
        position=last + 1,
    )
    _check_task(task)
    task.save()
    activity_log(
        "events.task.added",
        actor=by,
        target=task,
        data={"fair": fair.pk, "title": title, "due_on": str(due_on), "status": status},
    )
    return task


@transaction.atomic
def task_update(*, task: FairTask, by, **values) -> FairTask:
    """Change a task of the plan: its status, owner, due date, note or title."""
    _check_manager(task.fair, by)
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"task_update: unknown fields {sorted(unknown)}")
    before = {name: str(getattr(task, name)) for name in TASK_FIELDS}
    changed = apply_changes(task, TASK_FIELDS, values)
    if changed:
        _check_task(task)
        task.save(update_fields=[*changed, "updated_at"])
        activity_log(
            "events.task.changed",
            actor=by,
            target=task,
            data={
                name: {"before": before[name], "after": str(getattr(task, name))}
                for name in changed
            },
        )
    return task


@transaction.atomic
def task_remove(*, task: FairTask, by) -> None:
    _check_manager(task.fair, by)
    activity_log(
        "events.task.removed",
        actor=by,
        target=task.fair,
        data={"task": task.pk, "title": task.title},
    )
    task.delete()
