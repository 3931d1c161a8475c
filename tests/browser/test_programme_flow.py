"""One household walked from target to graduated through the browser, each step by the role
that does it in real life: province staff open the programme, choose its targets and start
it; the Mae Rim district officer, on a phone, checks the household in the field, classes it,
draws up its life compass from the suggestions, prints it and records the agreement;
province staff assign a host agency under its pledge; the agency's liaison records the help,
which completes the plan's activity; the officer records a follow-up visit; the province
admin imports the next จปฐ. round, whose preview says one household will graduate; the case
then shows which round and figure graduated it."""

import datetime
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from agencies.models import Lever
from households.models import ActivityStatus, PlanActivity, Stage, Target
from povertyprog.accounts.roles import Role
from povertyprog.thai.formats import format_thai_date_numeric
from tests.factories import AgencyLiaisonFactory, UserFactory
from tests.households.bmn_files import household_row, write_csv
from tests.households.factories import SurveyRoundFactory
from tests.households.manage_world import in_force_pledge
from tests.households.targeting_world import demo_round, record

from .conftest import PHONE, _new_page, fits_the_screen, log_in, open_menu, screenshot

PASSWORD = "pass-word-1"
HOUSE = "1/1"  # household_row(1): Mae Rim, Rim Tai, moo 2


def stage() -> str:
    return Target.objects.get(household__house_no=HOUSE).stage


def test_a_household_from_target_to_graduated(
    browser, browser_errors, live_server, areas, tmp_path
):

    call_command("loaddata", "assistance_types", "bmn_indicator_suggestions_2560_2564", verbosity=0)
    for username, role, scope in (
        ("staff50", Role.PROVINCE_STAFF, "50"),
        ("admin50", Role.PROVINCE_ADMIN, "50"),
        ("maerim", Role.DISTRICT_OFFICER, "5007"),
    ):
        UserFactory(username=username, role=role, area_scope=scope, password=PASSWORD)
    liaison = AgencyLiaisonFactory(
        user__username="liaison", user__password=PASSWORD, user__area_scope="50"
    )
    agency = liaison.agency
    pledge = in_force_pledge(agency, households=5, lever=Lever.RAISE_INCOME)
    survey_round = demo_round()  # 2556, threshold 30,000 baht
    record("50070102", 12000, household__house_no=HOUSE, head_first_name="บัวคำ")  # fails 22
    later_round = SurveyRoundFactory(year_be=2558, income_threshold=Decimal(38000))
    today = timezone.localdate()

    def signed_in(username, **options):
        context, page = _new_page(browser, browser_errors, **options)
        log_in(page, live_server, username, PASSWORD)
        return context, page

    def phone(username):
        return signed_in(username, viewport=PHONE, is_mobile=True, has_touch=True)

    # 1. Province staff open the programme, choose its targets by the rules, start it.
    context, page = signed_in("staff50")
    open_menu(page)
    page.click("nav a[href='/households/programmes/']")
    page.click("#programme-new")
    page.fill("input[name=fiscal_year_be]", "2557")
    page.fill("input[name=name]", "แก้จนแม่ริม 2557")
    page.fill("input[name=target_households]", "1")
    page.select_option("select[name=survey_round]", str(survey_round.pk))
    page.click("#programme-form [type=submit]")
    page.wait_for_selector("#targeting-link")
    page.click("#targeting-link")
    page.click("#preview-button")
    page.wait_for_selector("#preview")
    page.click("#create-button")
    page.wait_for_selector(".alert-success")
    assert stage() == Stage.TARGETED
    page.goto(f"{live_server.url}/households/programmes/")
    page.click(".programme-status button[value=activate]")
    page.wait_for_selector(".alert-success")
    context.close()

    # 2. The Mae Rim officer, on a phone: field check, capacity, life compass, agreement.
    context, page = phone("maerim")
    open_menu(page)
    page.click("nav a[href='/households/cases/']")
    page.locator("#cases a.case-link").first.click()
    page.check("input[name='verify-outcome'][value='confirmed']")
    page.click("#verify-form [type=submit]")
    page.wait_for_selector(".alert-success")
    page.check("input[name='capacity-capacity'][value='self']")
    page.fill("textarea[name='capacity-reason']", "วัยทำงาน มีที่ดินทำกิน")
    page.click("#capacity-form [type=submit]")
    page.wait_for_selector(".alert-success")
    assert stage() == Stage.VERIFIED
    page.click("#case-plan-link")
    page.wait_for_selector("#suggestions")
    assert page.locator("#suggestions [data-indicator='22']").count() == 1
    page.locator("#suggestions .accept-suggestion").first.click()
    page.wait_for_selector("#add-activity")
    due = today + datetime.timedelta(days=60)
    page.fill("input[name=due_on]", format_thai_date_numeric(due))
    page.click("#add-activity button[type=submit]")
    page.wait_for_selector("#activities tr[data-activity]")
    activity = PlanActivity.objects.get()
    assert (activity.lever, activity.due_on, activity.from_indicator.number) == (
        Lever.RAISE_INCOME,
        due,
        22,
    )
    assert fits_the_screen(page)
    screenshot(page, "plan-phone")
    pdf = page.request.get(live_server.url + page.locator("#plan-pdf").get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    page.click("#agree button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert stage() == Stage.PLAN_AGREED
    context.close()

    # 3. Province staff assign the host agency under its pledge.
    context, page = signed_in("staff50")
    target = Target.objects.get(household__house_no=HOUSE)
    page.goto(f"{live_server.url}/households/programmes/{target.programme_id}/hosts/")
    page.select_option("select[name=area]", "5007")
    page.select_option("select[name=agency]", str(agency.pk))
    page.select_option("select[name=pledge]", str(pledge.pk))
    page.fill("input[name=count]", "1")
    page.click("button[name=preview]")
    page.wait_for_selector("#host-preview")
    page.click("button[name=confirm]")
    page.wait_for_selector(".alert-success")
    assert target.host_assignments.get().agency == agency
    context.close()

    # 4. The agency's liaison records the help; it completes the plan's activity.
    context, page = phone("liaison")
    open_menu(page)
    page.click("nav a[href='/households/hosted/']")
    page.locator("#hosted-cases a[href$='/assistance/']").first.click()
    page.select_option("select[name=lever]", Lever.RAISE_INCOME)
    page.fill("input[name=what]", "อบรมอาชีพเพาะเห็ด พร้อมเชื้อเห็ด 100 ก้อน")
    page.fill("input[name=value]", "๑,๕๐๐")
    page.select_option("select[name=plan_activity]", str(activity.pk))
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert activity.completed_by.value == Decimal(1500)
    assert stage() == Stage.ASSISTED
    context.close()

    # 5. The officer visits the household and records it, on the phone.
    context, page = phone("maerim")
    page.goto(f"{live_server.url}/households/cases/{target.pk}/")
    page.click("#record-visit")
    page.fill("textarea[name=findings]", "เพาะเห็ดขายได้แล้ว รายได้เพิ่มขึ้น")
    page.fill(
        "input[name=next_visit_due]", format_thai_date_numeric(today + datetime.timedelta(days=90))
    )
    page.click("#visit-form [type=submit]")
    page.wait_for_selector(".alert-success")
    assert stage() == Stage.IN_CARE
    context.close()

    # 6. The province admin imports the next round: the preview counts one graduation.
    path = write_csv(
        tmp_path / "bmn2558.csv",
        [household_row(1, **{"รายได้เฉลี่ยต่อคนต่อปี": 45000})],
    )
    context, page = signed_in("admin50")
    page.goto(f"{live_server.url}/households/imports/new/")
    page.select_option("select[name=survey_round]", str(later_round.pk))
    page.set_input_files("input[name=file]", str(path))
    page.click("main form input[name=submit]")
    page.wait_for_selector("#import-counts")
    assert page.locator("[data-count=graduating]").inner_text() == "1"
    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert stage() == Stage.GRADUATED
    context.close()

    # 7. The case shows which round and figure graduated it.
    context, page = phone("maerim")
    page.goto(f"{live_server.url}/households/cases/{target.pk}/")
    assert page.locator("#case-graduation").get_attribute("data-round") == "2558"
    assert "45,000" in page.locator("#case-graduation").inner_text()
    assert fits_the_screen(page)
    screenshot(page, "case-graduated-phone")
    context.close()
