"""Every action code the code writes to the activity log reads as words in the admin (the
code stays in the data); a code without a label fails here, listing it."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from povertyprog.audit.labels import action_label, action_labels_registered
from povertyprog.audit.services import activity_log
from tests.factories import AgencyFactory

# A literal code as the first argument of activity_log(...) or a `"x.y.z"` assigned as an
# action next to it; admin saves ("admin.{label}.{verb}") are labelled from the model's name.
CODE = re.compile(r'activity_log\(\s*"([a-z_]+(?:\.[a-z_]+)+)"', re.S)
APPS = ("agencies", "households", "events", "povertyprog")


def codes_in_the_code() -> set[str]:
    found = set()
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            found |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_action_code_written_has_a_label():
    codes = codes_in_the_code()
    assert len(codes) > 30  # the search finds them (it would pass vacuously otherwise)
    missing = sorted(codes - set(action_labels_registered()))
    assert missing == [], f"add a label to the app's audit_labels.py for: {missing}"


def test_admin_saves_are_labelled_from_the_model(db):
    assert action_label("admin.agencies.agency.created") == "เพิ่มหน่วยงานในส่วนผู้ดูแลระบบ"
    assert action_label("no.such.code") == "no.such.code"


def test_the_admins_log_shows_labels_and_filters_by_them(client, province_admin):
    agency = AgencyFactory()
    activity_log("agencies.agency.created", actor=province_admin, target=agency)
    client.force_login(province_admin)
    page = client.get(reverse("admin:audit_activitylog_changelist")).content.decode()
    assert "เพิ่มหน่วยงาน" in page  # the label, in the list and in the filter
    assert ">agencies.agency.created<" not in page
    filtered = client.get(
        reverse("admin:audit_activitylog_changelist"), {"action": "agencies.agency.created"}
    )
    assert filtered.status_code == 200
    entries = filtered.context["cl"].result_list
    assert entries
    assert all(e.action == "agencies.agency.created" for e in entries)
