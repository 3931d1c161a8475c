from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ActivityLog


def activity_log(
    action: str,
    *,
    actor,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Record one audit entry. `action` is a dotted code such as "areas.village.created"."""
    return ActivityLog.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=data or {},
    )
