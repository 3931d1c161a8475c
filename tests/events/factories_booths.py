"""The booths' and reports' world: the check-in tests' small fair (events/factories_checkin)
with an agency's booth that has an in-force pledge, and a second fair of another programme
with a booth of its own."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from agencies.models import Lever
from events.models import Booth, Fair
from households.models import Capacity, Target, Verification
from households.programme_services import target_capacity_set, target_verify
from tests.agencies.factories import AgencyFactory
from tests.households.manage_world import in_force_pledge
from tests.households.targeting_world import MAE_RIM, programme

from .factories_checkin import FairWorld, fair_world


@dataclass
class BoothWorld:
    fair_world: FairWorld
    booth: Booth
    other_booth: Booth  # a booth of another programme's fair


def confirmed(target: Target, by) -> Target:
    """The case confirmed in the field and classed as able to develop (a plan may be
    written for it)."""
    target_verify(target=target, outcome=Verification.CONFIRMED, note="", by=by)
    target_capacity_set(target=target, capacity=Capacity.SELF_DEVELOP, reason="สัมภาษณ์", by=by)
    return Target.objects.get(pk=target.pk)


def booth_world(*, by) -> BoothWorld:
    world = fair_world(by=by)
    agency = AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่")
    pledge = in_force_pledge(agency, districts=(MAE_RIM,), households=10, lever=Lever.RAISE_INCOME)
    booth = Booth.objects.create(
        fair=world.fair, agency=agency, service="แจกพันธุ์ผัก", place="A1", pledge=pledge
    )
    other_programme = programme(by=by, target=1, name="ชี้เป้า 2558", year=2558)
    start = timezone.now() + timedelta(days=40)
    other_fair = Fair.objects.create(
        programme=other_programme,
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        venue="อำเภอแม่ริม",
        capacity=100,
        rsvp_deadline=(start - timedelta(days=3)).date(),
    )
    other_booth = Booth.objects.create(fair=other_fair, agency=agency, service="ตรวจสุขภาพ")
    return BoothWorld(fair_world=world, booth=booth, other_booth=other_booth)
