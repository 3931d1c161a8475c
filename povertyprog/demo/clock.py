"""The demo's clock: the programme's story is replayed on the days it happened.

A programme unfolds over months: the field check, then the plans, the households' agreement,
the help and the follow-up visits. The services date what they do by the clock (a case is
verified *now*, a due date may not be in the past, an agreement may not come before the
field check), so a demo that ran every step today would show a story that happened in one
afternoon, with no overdue visit or activity. Instead the demo calls each service inside
`on_day(day)`, during which Django's clock (`django.utils.timezone.now`, which
`timezone.localdate()` and the models' timestamps read) says that day, a few seconds later at
each reading. Every rule is still checked by the service, as of that day: nothing is written
around the services and no date is moved afterwards. Outside `on_day` the clock is the real
one again (the later จปฐ. round that graduates cases is imported today).

Only `load_demo` uses this, single-threaded, inside its one transaction.
"""

import datetime
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@contextmanager
def on_day(day: datetime.date, hour: int = 9) -> Iterator[None]:
    """Run the services as on `day` (from `hour` o'clock, a second later at each reading)."""
    if day > timezone.localdate():
        raise ValueError("The demo replays the past only.")
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    ticks = itertools.count()

    def now() -> datetime.datetime:
        return start + datetime.timedelta(seconds=next(ticks))

    with mock.patch.object(timezone, "now", now):
        yield
