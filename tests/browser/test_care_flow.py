"""A Mae Rim district officer, on a phone in the field, opens their follow-ups from the menu,
opens an overdue case and records the visit."""

from datetime import timedelta

from django.utils import timezone

from agencies.models import Lever
from households.models import FollowUpVisit, PlanActivity, Target, Verification
from households.plan_services import plan_activity_add
from households.programme_services import target_verify
from povertyprog.accounts.roles import Role
from povertyprog.thai.formats import format_thai_date_numeric
from tests.factories import AgencyFactory, UserFactory
from tests.households.targeting_world import MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

from .conftest import fits_the_screen, log_in, open_menu, screenshot

PASSWORD = "maerim-pass-1"


def test_an_officer_follows_up_an_overdue_case_on_a_phone(phone_page, live_server, areas):
    page = phone_page
    today = timezone.localdate()
    staff = UserFactory(username="staff50", role=Role.PROVINCE_STAFF, area_scope="50")
    officer = UserFactory(
        username="maerim", role=Role.DISTRICT_OFFICER, area_scope="5007", password=PASSWORD
    )
    record(VILLAGES[MAE_RIM][0], 1000, head_first_name="สมศรี")
    record(VILLAGES[MUEANG][0], 1500, head_first_name="เมืองหนึ่ง")
    targeted(programme(by=staff, target=2), by=staff)
    for case in Target.objects.all():
        target_verify(target=case, outcome=Verification.CONFIRMED, note="", by=staff)
    Target.objects.update(verified_at=timezone.now() - timedelta(days=45))
    case = Target.objects.get(survey__head_first_name="สมศรี")
    planned = plan_activity_add(
        target=case,
        by=officer,
        lever=Lever.RAISE_INCOME,
        description="เลี้ยงไก่ไข่",
        agency=AgencyFactory(name_th="สำนักงานเกษตรอำเภอแม่ริม"),
        due_on=today + timedelta(days=1),
    )
    PlanActivity.objects.filter(pk=planned.pk).update(due_on=today - timedelta(days=4))

    log_in(page, live_server, "maerim", PASSWORD)
    open_menu(page)
    page.click("nav a[href='/households/follow-ups/']")
    page.wait_for_url("**/households/follow-ups/")
    visits = page.locator("#visits tbody tr[data-case]")
    assert visits.count() == 1, "Mae Rim's case only"
    activities = page.locator("#activities tbody tr[data-activity]")
    assert activities.count() == 1
    assert "สำนักงานเกษตรอำเภอแม่ริม" in activities.first.inner_text()
    assert fits_the_screen(page)
    screenshot(page, "follow-ups-phone")

    visits.first.locator("a.case-link").click()
    page.wait_for_url(f"**/households/cases/{case.pk}/")
    assert "เลี้ยงไก่ไข่" not in page.locator("#case-visits").inner_text()
    page.click("#record-visit")
    page.wait_for_url(f"**/households/cases/{case.pk}/visit/")
    assert fits_the_screen(page)
    assert page.input_value("input[name=visited_on]") == format_thai_date_numeric(today)
    page.fill("textarea[name=findings]", "เริ่มเลี้ยงไก่แล้ว ไข่วันละ 5 ฟอง")
    page.fill("input[name=next_visit_due]", format_thai_date_numeric(today + timedelta(days=30)))
    screenshot(page, "visit-form-phone")
    page.click("#visit-form [type=submit]")
    page.wait_for_url(f"**/households/cases/{case.pk}/")
    assert page.locator(".alert-success").count() >= 1
    assert "ไข่วันละ 5 ฟอง" in page.locator("#case-visits").inner_text()
    visit = FollowUpVisit.objects.get(target=case)
    assert (visit.visited_on, visit.next_visit_due) == (today, today + timedelta(days=30))
    assert fits_the_screen(page)
    screenshot(page, "case-visits-phone")

    page.goto(f"{live_server.url}/households/follow-ups/")
    assert page.locator("#visits tbody tr[data-case]").count() == 0
