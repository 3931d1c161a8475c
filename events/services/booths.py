"""Booth services: what an agency's booth at the fair gave or promised a household.

One path per change: given help is recorded through households.manage_services.
assistance_record (the booth's agency's name, the pledge's lever or the one chosen, dated
today, noted as given at the fair's booth); a promise becomes an activity of the case's
plan through households.plan_services.plan_activity_add (which draws the plan up with its
first activity when the case has none, and refuses a case whose plan may not be written
now: not confirmed in the field, dropped, graduated, programme closed). Both services hold
the rules of who may record: RECORD_ASSISTANCE for staff and officers of the household's
area; a liaison only for cases its agency hosts. Booth staff therefore record under their
own officer or staff accounts. Each service writes its own entry on the case (the case
timeline shows it) and this one adds "served at a booth of the fair" on the case too.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from households.manage_services import assistance_record
from households.models import Target
from households.plan_services import plan_activity_add
from povertyprog.audit.services import activity_log

from ..models import Booth, BoothService

BOOTH_NOTE = "บริการที่บูธงานมหกรรม"


@transaction.atomic
def booth_service_record(
    *,
    booth: Booth,
    target: Target,
    what: str,
    value: Decimal | int | str = 0,
    promised: bool = False,
    by,
    lever: str = "",
    due_on: date | None = None,
) -> BoothService:
    """Record that `booth` served the case `target`: `what` it gave (an Assistance of the
    booth's agency, dated today) or, `promised`, what it will give (a plan activity with
    the booth's agency responsible and `due_on`). `lever` defaults to the booth's pledge's."""
    if target.programme_id != booth.fair.programme_id:
        raise ValidationError(
            {"target": _("This household is not a case of the fair's programme.")}
        )
    lever = lever or (booth.pledge.lever if booth.pledge_id else "")
    what, value = (what or "").strip(), value or 0
    service = BoothService(booth=booth, target=target, what=what, value=value, promised=promised)
    if promised:
        try:
            service.plan_activity = plan_activity_add(
                target=target,
                by=by,
                lever=lever,
                description=what,
                agency=booth.agency,
                pledge=booth.pledge,
                due_on=due_on,
            )
        except ValidationError as error:
            # The plan calls it a description; the booth's form calls it what.
            if hasattr(error, "error_dict") and "description" in error.error_dict:
                error.error_dict["what"] = error.error_dict.pop("description")
            raise
    else:
        service.assistance = assistance_record(
            target=target,
            by=by,
            date=timezone.localdate(),
            agency=booth.agency,
            pledge=booth.pledge,
            lever=lever,
            what=what,
            value=value,
            note=BOOTH_NOTE,
        )
    service.recorded_by = by
    service.save()
    activity_log(
        "events.booth.service_recorded",
        actor=by,
        target=target,
        data={
            "fair": booth.fair_id,
            "booth": booth.pk,
            "agency": booth.agency_id,
            "booth_service": service.pk,
            "promised": promised,
        },
    )
    return service
