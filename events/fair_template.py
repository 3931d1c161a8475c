"""The fair's plan of work as a province CDD office runs it: the steps, who usually does
each, and when it is due, counted from the fair day (`fair_task_template`)."""

import datetime
from dataclasses import dataclass

PROVINCE_OFFICE = "สำนักงานพัฒนาชุมชนจังหวัด"
DISTRICTS = "ที่ทำการปกครองอำเภอ/พัฒนาการอำเภอ"
COMMITTEE = "คณะกรรมการ ศจพ.จ."
WORKING_GROUP = "คณะทำงานจัดงานมหกรรม"

# The RSVP step is due on the fair's own RSVP deadline, not at a fixed distance.
RSVP_DEADLINE = None


@dataclass(frozen=True)
class PlanStep:
    key: str
    title: str
    owner: str
    days_before: int | None  # before the fair day; negative: after it; None: the RSVP deadline


PLAN_STEPS: tuple[PlanStep, ...] = (
    PlanStep(
        "committee",
        "ศจพ.จ. ประชุมวางแผนการจัดงานและคัดเลือกกลุ่มเป้าหมาย",
        COMMITTEE,
        60,
    ),
    PlanStep("venue", "จองสถานที่จัดงาน", PROVINCE_OFFICE, 45),
    PlanStep(
        "rehearsal",
        "ประชุมซักซ้อมแนวทางการดำเนินงานกับคณะทำงาน",
        WORKING_GROUP,
        30,
    ),
    PlanStep("district_letters", "มีหนังสือแจ้งอำเภอ", PROVINCE_OFFICE, 28),
    PlanStep(
        "agency_letters",
        "มีหนังสือเชิญหน่วยงานร่วมลงนามบันทึกข้อตกลงความร่วมมือ (MOU) และออกบูธให้บริการ",
        PROVINCE_OFFICE,
        28,
    ),
    PlanStep("invite_households", "อำเภอแจ้งเชิญผู้แทนครัวเรือนเป้าหมาย", DISTRICTS, 21),
    PlanStep("rsvp_deadline", "อำเภอรายงานผลการตอบรับเข้าร่วมงาน", DISTRICTS, RSVP_DEADLINE),
    PlanStep(
        "print",
        "พิมพ์หนังสือเชิญและแบบลงทะเบียนผู้เข้าร่วมงาน",
        PROVINCE_OFFICE,
        3,
    ),
    PlanStep("fair_day", "วันจัดงานมหกรรม", WORKING_GROUP, 0),
    PlanStep("report", "รายงานผลการจัดงานมหกรรม", PROVINCE_OFFICE, -14),
)


def step_due_on(step: PlanStep, *, fair_day: datetime.date, rsvp_deadline: datetime.date):
    if step.days_before is RSVP_DEADLINE:
        return rsvp_deadline
    return fair_day - datetime.timedelta(days=step.days_before)
