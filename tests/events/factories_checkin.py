"""A small fair for the check-in tests: Chiang Mai's programme with cases in Mae Rim (5007)
and Mueang (5001), a fair, one desk per district, and an invitation for each case but the
last of Mueang (a walk-in to be). Rows are made directly: this is the world the check-in
service works on, not how invitations are made (events.services.invitations)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from events.codes import code_new
from events.models import Desk, Fair, Invitation
from households.models import Target
from tests.households.targeting_world import MAE_RIM, MUEANG, VILLAGES, programme, record, targeted


@dataclass
class FairWorld:
    fair: Fair
    desks: dict[str, Desk]
    invitations: list[Invitation]
    walk_in: Target  # a case of the programme without an invitation


def fair_world(*, by) -> FairWorld:
    for n, village in enumerate(VILLAGES[MAE_RIM] + VILLAGES[MUEANG]):
        record(village, 1000 + n)
        record(village, 2000 + n)
    p = programme(by=by, target=8)
    targeted(p, by=by)
    start = timezone.now() + timedelta(days=1)
    fair = Fair.objects.create(
        programme=p,
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        venue="ศาลากลางจังหวัดเชียงใหม่",
        capacity=500,
        rsvp_deadline=(start - timedelta(days=3)).date(),
    )
    desks = {
        code: Desk.objects.create(fair=fair, name=f"จุดลงทะเบียน {code}", district_id=code)
        for code in (MAE_RIM, MUEANG)
    }
    targets = list(Target.objects.filter(programme=p).order_by("district_id", "rank"))
    walk_in = [t for t in targets if t.district_id == MUEANG][-1]
    invitations = [
        Invitation.objects.create(
            fair=fair,
            target=target,
            district_id=target.district_id,
            code=code_new(),
            desk=desks[target.district_id],
        )
        for target in targets
        if target != walk_in
    ]
    return FairWorld(fair=fair, desks=desks, invitations=invitations, walk_in=walk_in)
