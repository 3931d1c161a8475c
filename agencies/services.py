from django.db import transaction

from povertyprog.audit.services import activity_log

from .models import Agency


@transaction.atomic
def agency_ensure(
    *, name_th: str, agency_type: str, province_code: str | None, by=None, **details: str
) -> tuple[Agency, bool]:
    """Find an agency by its Thai name within a province, creating it if it is new."""
    agency, created = Agency.objects.get_or_create(
        name_th=name_th,
        province_id=province_code,
        defaults={"agency_type": agency_type, **details},
    )
    if created:
        activity_log("agencies.agency.created", actor=by, target=agency)
    return agency, created
