"""Graduation (ดูแลชีวิต): a later จปฐ. round's import that shows a case's household with an
income per person at or above *that* round's threshold graduates the case, in the import's
own transaction.

Which cases: those of programmes drawn from an EARLIER round than the one imported, whose
household lives in the imported province, neither dropped nor graduated already. What counts
is the household's record of the imported round as it stands once the import is written:
the file's row if the file writes one, else the record already stored (so a case created
after its household's row was first imported graduates at the round's next import). A case
graduates once: the first round that shows it decides, recorded as a Graduation (round,
record, figure, threshold, import). A later record below the threshold does not undo it.

The preview counts the cases the commit will graduate from the same plan
(`graduating_in_plan`, the plan's "graduating" count); the commit re-plans and refuses if
the count changed, so what the preview said is what happens.
"""

from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from povertyprog.audit.services import activity_log

from .models import Graduation, HouseholdSurvey, ImportBatch, Stage, SurveyRound, Target
from .programme_services import target_stage_refresh


def _open_cases(survey_round: SurveyRound, province_code: str) -> QuerySet[Target]:
    """Cases that this round's import may graduate, with the household's record of the
    round (income and id) if there is one."""
    record = HouseholdSurvey.objects.filter(
        household=OuterRef("household_id"), survey_round=survey_round
    )
    return (
        Target.objects.filter(
            programme__survey_round__year_be__lt=survey_round.year_be,
            household__village__code__startswith=province_code,
            graduation__isnull=True,
        )
        .exclude(stage=Stage.DROPPED)
        .annotate(
            round_income=Subquery(record.values("income_per_person")[:1]),
            round_survey_id=Subquery(record.values("pk")[:1]),
        )
    )


def graduating_in_plan(plan) -> int:
    """How many cases committing this import plan (households.importer.pipeline.ImportPlan)
    will graduate: one query, plus one pass over the rows the plan writes."""
    survey_round, threshold = plan.survey_round, plan.survey_round.income_threshold
    cases = list(
        _open_cases(survey_round, plan.province_code).values_list(
            "household__village_id", "household__house_no", "round_income"
        )
    )
    if not cases:
        return 0
    incomes: dict[tuple[str, str], Decimal | None] = {
        (village, house): income for village, house, income in cases
    }
    # A row the plan writes replaces the stored record's income (a household may be the
    # case of several programmes: the key is the household).
    written = {
        key: row.income_per_person
        for row, _digest in plan.to_write
        if (key := (row.village_code, row.house_no)) in incomes
    }
    return sum(
        1
        for village, house, stored in cases
        if (income := written.get((village, house), stored)) is not None and income >= threshold
    )


def targets_graduate_from_import(
    *, survey_round: SurveyRound, batch: ImportBatch | None, province_code: str, by
) -> int:
    """Graduate the cases the import just written shows at or above the round's threshold
    (call inside the import's transaction, after its rows are written). Returns how many;
    one activity-log entry on the import when any did."""
    threshold = survey_round.income_threshold
    cases = [
        case
        for case in _open_cases(survey_round, province_code).select_for_update(of=("self",))
        if case.round_income is not None and case.round_income >= threshold
    ]
    if not cases:
        return 0
    graduations = []
    for case in cases:
        graduation = Graduation(
            survey_round=survey_round,
            survey_id=case.round_survey_id,
            income_per_person=case.round_income,
            income_threshold=threshold,
            import_batch=batch,
        )
        # Sets graduation.target and caches it on the case: the stage below needs no query.
        case.graduation = graduation
        graduations.append(graduation)
    Graduation.objects.bulk_create(graduations, batch_size=2000)
    # The stage is derived (GRADUATED) by the one function that derives it.
    now = timezone.now()
    for case in cases:
        target_stage_refresh(case, save=False)
        case.updated_at = now
    Target.objects.bulk_update(cases, ["stage", "drop_reason", "updated_at"], batch_size=2000)
    activity_log(
        "households.targets.graduated",
        actor=by,
        target=batch,
        data={
            "count": len(cases),
            "round": survey_round.year_be,
            "threshold": str(threshold),
        },
    )
    return len(cases)
