"""Writes for the household registry: survey rounds, the จปฐ. import, corrections by hand."""

import hashlib
import logging
import sys
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povertyprog.accounts.access import area_in_scope, area_scope_of, require_perm
from povertyprog.accounts.roles import Perm
from povertyprog.areas.services import villages_create
from povertyprog.audit.services import activity_log
from povertyprog.thai.formats import to_ascii_digits

from .graduation import targets_graduate_from_import
from .importer.parse import HeaderNotFound
from .importer.parse.cells import _clean, _clean_words
from .importer.pipeline import ImportPlan, build_plan, content_hash, database_state, file_sha256
from .importer.read import UnreadableFile
from .importer.records import HouseholdRow
from .importer.write import stored_indicators, write_rows
from .models import (
    Household,
    HouseholdSurvey,
    ImportBatch,
    ImportStatus,
    Indicator,
    IndicatorSet,
    SurveyRound,
)

logger = logging.getLogger(__name__)

STORED_ERRORS = 20_000
_REGISTRY_CHANGED = gettext_lazy(
    "The registry changed since this file was checked (another import or an edit). "
    "Check the file again."
)
_UNEXPECTED = gettext_lazy(
    "The import stopped on an unexpected error (%(error)s) and wrote nothing. Upload the file "
    "again; if it happens again, tell the system administrator (the error is in the server log)."
)
_STALE = gettext_lazy(
    "The import stopped: no sign of progress for %(minutes)d minutes (the background worker "
    "stopped). Nothing was written. Upload the file again."
)
_PURGED = gettext_lazy(
    "The file was deleted after %(days)d days without being imported (personal data is not "
    "kept). Upload it again to import it."
)
_RUNNING = (ImportStatus.QUEUED, ImportStatus.PREVIEWING, ImportStatus.COMMITTING)


class ImportRefused(Exception):
    """The import cannot go ahead; the message says why and what to do."""


@transaction.atomic
def indicator_set_create(
    *,
    code: str,
    name_th: str,
    first_year_be: int,
    last_year_be: int,
    indicators: list[dict],
    by,
) -> IndicatorSet:
    """Add a จปฐ. indicator set (national reference data: only a national-scope user, or the
    system, adds one) with its indicators, each a dict of number, category, category_name_th,
    text_th, is_income and optionally lever."""
    if by is not None and area_scope_of(by) != "":
        raise ValidationError(_("Only a national administrator adds an indicator set."))
    indicator_set = IndicatorSet(
        code=code, name_th=name_th, first_year_be=first_year_be, last_year_be=last_year_be
    )
    indicator_set.full_clean()
    indicator_set.save()
    Indicator.objects.bulk_create(
        Indicator(indicator_set=indicator_set, **values) for values in indicators
    )
    activity_log(
        "households.indicator_set.created",
        actor=by,
        target=indicator_set,
        data={"indicators": len(indicators)},
    )
    return indicator_set


@transaction.atomic
def round_create(
    *, year_be: int, income_threshold: Decimal, indicator_set: IndicatorSet | None = None, by
) -> SurveyRound:
    """Open a จปฐ. round. The indicator set defaults to the one whose years cover `year_be`."""
    if indicator_set is None:
        indicator_set = IndicatorSet.objects.filter(
            first_year_be__lte=year_be, last_year_be__gte=year_be
        ).first()
    if indicator_set is None:
        raise ValidationError(
            _("No indicator set covers the year %(year)s; add one first."), params={"year": year_be}
        )
    survey_round = SurveyRound(
        year_be=year_be, income_threshold=income_threshold, indicator_set=indicator_set
    )
    survey_round.full_clean()
    survey_round.save()
    activity_log(
        "households.round.created",
        actor=by,
        target=survey_round,
        data={"threshold": str(income_threshold)},
    )
    return survey_round


# The import -------------------------------------------------------------------------------


@contextmanager
def import_local_copy(batch: ImportBatch):
    """The batch's stored file as a local path (storage may be remote or in memory)."""
    suffix = Path(batch.file_name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle, batch.file.open("rb") as source:
        for chunk in source.chunks():
            handle.write(chunk)
        handle.flush()
        yield Path(handle.name)


def _progress_saver(batch: ImportBatch):
    def save(done: int, total: int) -> None:
        batch.progress_done, batch.progress_total = done, total
        batch.heartbeat_at = timezone.now()
        batch.save(update_fields=["progress_done", "progress_total", "heartbeat_at", "updated_at"])

    return save


def _plan_for(batch: ImportBatch, path: Path, *, progress=None) -> ImportPlan:
    return build_plan(
        path,
        file_name=batch.file_name,
        survey_round=batch.survey_round,
        province_code=batch.province_id,
        progress=progress,
        sha256=file_sha256(path),
    )


def _fail(batch: ImportBatch, status: str, message: str) -> ImportBatch:
    batch.status, batch.message, batch.finished_at = status, message, timezone.now()
    batch.save(update_fields=["status", "message", "finished_at", "updated_at"])
    return batch


def _fail_unexpected(batch: ImportBatch, step: str) -> ImportBatch:
    """Any exception a task did not expect: logged with its traceback, and the batch failed
    with a reason a person can act on (the exception's text stays in the log: it may quote
    a row's personal data)."""
    logger.exception("Import batch %s failed while %s", batch.pk, step)
    # The batch in memory may hold values of the failed step: start again from the stored row.
    batch.refresh_from_db()
    error = sys.exception()
    return _fail(batch, ImportStatus.FAILED, str(_UNEXPECTED) % {"error": type(error).__name__})


def _delete_file(batch: ImportBatch) -> None:
    """PDPA: the upload holds citizen IDs in clear; keep only its name, size and SHA-256."""
    if not batch.file:
        return
    try:
        batch.file.delete(save=False)
    except OSError:
        # The import itself is done; `purge_imports` tries again later.
        logger.exception("Could not delete the file of import batch %s", batch.pk)
        return
    batch.file_deleted_at = timezone.now()
    batch.save(update_fields=["file", "file_deleted_at", "updated_at"])


def _stored_errors(plan: ImportPlan) -> list[dict]:
    # Citizen-ID values are masked by the parser (all but the last digits): see CellError.
    return [error.as_dict() for error in plan.errors[:STORED_ERRORS]]


def _new_villages(plan: ImportPlan) -> list[dict]:
    return [{"code": c, "name": n} for c, n in sorted(plan.new_villages.items())]


def import_start(*, upload, survey_round: SurveyRound, province_code: str, by) -> ImportBatch:
    """Store an uploaded file and queue its preview (the check that writes nothing)."""
    from .tasks import import_preview_task

    batch = ImportBatch(
        created_by=by,
        survey_round=survey_round,
        province_id=province_code,
        file_name=Path(upload.name).name,
        file_size=upload.size,
        heartbeat_at=timezone.now(),
    )
    batch.file.save(batch.file_name, File(upload), save=False)
    with batch.file.open("rb") as handle:
        batch.file_sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
    batch.save()
    activity_log(
        "households.import.uploaded",
        actor=by,
        target=batch,
        data={"sha256": batch.file_sha256, "size": batch.file_size},
    )
    batch_id = batch.pk
    transaction.on_commit(lambda: import_preview_task.enqueue(batch_id))
    return batch


def import_preview(*, batch: ImportBatch) -> ImportBatch:
    """Check every row of the batch's file and record what an import would do.

    Whatever happens, the batch ends previewed or failed: never left "checking"."""
    batch.status, batch.heartbeat_at = ImportStatus.PREVIEWING, timezone.now()
    batch.save(update_fields=["status", "heartbeat_at", "updated_at"])
    try:
        with import_local_copy(batch) as path:
            plan = _plan_for(batch, path, progress=_progress_saver(batch))
        batch.counts = plan.counts
        batch.errors = _stored_errors(plan)
        batch.errors_truncated = len(plan.errors) > STORED_ERRORS
        batch.new_villages = _new_villages(plan)
        batch.renamed_villages = plan.renamed_villages
        batch.state_token = plan.state_token
        batch.status = ImportStatus.PREVIEWED
        # Unless the batch was marked failed meanwhile (its heartbeat looked stale).
        updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEWING).update(
            counts=batch.counts,
            errors=batch.errors,
            errors_truncated=batch.errors_truncated,
            new_villages=batch.new_villages,
            renamed_villages=batch.renamed_villages,
            state_token=batch.state_token,
            status=batch.status,
            heartbeat_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if not updated:
            batch.refresh_from_db()
    except (UnreadableFile, HeaderNotFound) as error:
        return _fail(batch, ImportStatus.FAILED, str(error))
    except Exception:
        return _fail_unexpected(batch, "checking its file")
    return batch


@transaction.atomic
def import_abandon(*, batch: ImportBatch, by) -> ImportBatch:
    """Give up a checked file without importing it; its file is deleted (PDPA)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEWED:
        raise ImportRefused(_("Only a checked file that has not been imported can be abandoned."))
    batch.status, batch.finished_at = ImportStatus.ABANDONED, timezone.now()
    batch.save(update_fields=["status", "finished_at", "updated_at"])
    activity_log(
        "households.import.abandoned",
        actor=by,
        target=batch,
        data={"file": batch.file_name, "sha256": batch.file_sha256, "size": batch.file_size},
    )
    # Deleted after the commit: a rolled-back abandon keeps its file.
    batch_id = batch.pk
    transaction.on_commit(lambda: _delete_file(ImportBatch.objects.get(pk=batch_id)))
    return batch


def import_mark_stale(*, batch: ImportBatch) -> bool:
    """Mark a running batch failed if its worker shows no sign of life
    (no heartbeat for settings.IMPORT_STALE_MINUTES). Returns whether it did."""
    if batch.status not in _RUNNING:
        return False
    minutes = settings.IMPORT_STALE_MINUTES
    limit = timezone.now() - timedelta(minutes=minutes)
    last = batch.heartbeat_at or batch.updated_at
    if last is None or last >= limit:
        return False
    message = str(_STALE) % {"minutes": minutes}
    # Conditional, so that a worker finishing at this very moment wins.
    marked = (
        ImportBatch.objects.filter(pk=batch.pk, status=batch.status)
        .filter(models.Q(heartbeat_at__lt=limit) | models.Q(heartbeat_at__isnull=True))
        .update(
            status=ImportStatus.FAILED,
            message=message,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    )
    batch.refresh_from_db()
    if marked:
        logger.error("Import batch %s marked failed: no heartbeat since %s", batch.pk, last)
        activity_log(
            "households.import.stale", actor=None, target=batch, data={"heartbeat": str(last)}
        )
    return bool(marked)


def imports_purge(*, older_than_days: int, by=None) -> list[int]:
    """Delete the files of imports older than `older_than_days` that still have one (failed,
    refused, never confirmed or abandoned before the file went). Returns the batches' ids."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    purged = []
    for batch in ImportBatch.objects.filter(created_at__lt=cutoff).exclude(file=""):
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if batch.status == ImportStatus.PREVIEWED:
                batch.status = ImportStatus.ABANDONED
            elif batch.status in _RUNNING:
                batch.status = ImportStatus.FAILED
            if batch.status in (ImportStatus.ABANDONED, ImportStatus.FAILED) and not (
                batch.finished_at
            ):
                batch.finished_at = timezone.now()
                batch.message = str(_PURGED) % {"days": older_than_days}
            batch.save(update_fields=["status", "finished_at", "message", "updated_at"])
            _delete_file(batch)
        purged.append(batch.pk)
    if purged:
        activity_log(
            "households.import.files_purged",
            actor=by,
            data={"batches": purged, "older_than_days": older_than_days},
        )
    return purged


def import_error_sheet_log(*, batch: ImportBatch, by) -> None:
    """PDPA: the error sheet holds the invalid rows as they were, citizen IDs included."""
    activity_log(
        "households.import.error_sheet_downloaded",
        actor=by,
        target=batch,
        data={"rows": len({error["row"] for error in batch.errors})},
    )


def import_confirm(*, batch: ImportBatch, skip_invalid: bool, by) -> ImportBatch:
    """Queue the commit of a previewed batch."""
    from .tasks import import_commit_task

    if batch.status != ImportStatus.PREVIEWED:
        raise ImportRefused(_("Only a checked file that has not been imported can be confirmed."))
    if batch.counts.get("invalid") and not skip_invalid:
        raise ImportRefused(
            _(
                "The file has %(count)s invalid rows. Fix them and upload again, or choose to "
                "import the valid rows and skip the invalid ones."
            )
            % {"count": batch.counts["invalid"]}
        )
    batch.status, batch.skip_invalid = ImportStatus.COMMITTING, skip_invalid
    batch.progress_done, batch.heartbeat_at = 0, timezone.now()
    batch.save(
        update_fields=["status", "skip_invalid", "progress_done", "heartbeat_at", "updated_at"]
    )
    activity_log(
        "households.import.confirmed", actor=by, target=batch, data={"skip_invalid": skip_invalid}
    )
    batch_id = batch.pk
    transaction.on_commit(lambda: import_commit_task.enqueue(batch_id))
    return batch


def import_commit(*, batch: ImportBatch) -> ImportBatch:
    """Write exactly what the preview reported, or nothing (task body of a confirm).

    Whatever happens, the batch ends committed, refused or failed: never left "importing".
    Once committed, the uploaded file is deleted (PDPA)."""
    batch.heartbeat_at = timezone.now()
    batch.save(update_fields=["heartbeat_at", "updated_at"])
    try:
        with import_local_copy(batch) as path:
            if file_sha256(path) != batch.file_sha256:
                raise ImportRefused(_("The stored file changed since it was checked."))
            plan = _plan_for(batch, path, progress=_progress_saver(batch))
        if plan.state_token != batch.state_token:
            raise ImportRefused(_REGISTRY_CHANGED)
        if plan.counts != batch.counts:
            raise ImportRefused(
                _("The file now gives different results than the preview; check it again.")
            )
        plan_commit(plan, batch=batch, by=batch.created_by, skip_invalid=batch.skip_invalid)
    except ImportRefused as error:
        return _fail(batch, ImportStatus.REFUSED, str(error))
    except (UnreadableFile, HeaderNotFound) as error:
        return _fail(batch, ImportStatus.FAILED, str(error))
    except Exception:
        return _fail_unexpected(batch, "importing")
    _delete_file(batch)
    return batch


@transaction.atomic
def plan_commit(plan: ImportPlan, *, batch: ImportBatch, by, skip_invalid: bool) -> ImportBatch:
    """Write a plan in one transaction: every reported-good row, or nothing at all."""
    # One import per round at a time; the lock also makes the state check below reliable.
    SurveyRound.objects.select_for_update().get(pk=plan.survey_round.pk)
    # A batch marked failed meanwhile (its heartbeat looked stale) stays failed; the row lock
    # makes a stale check that comes during the write wait for its outcome instead.
    status = (
        ImportBatch.objects.select_for_update().values_list("status", flat=True).get(pk=batch.pk)
    )
    if status == ImportStatus.FAILED:
        raise ImportRefused(_("This import was stopped; upload the file again."))
    if database_state(plan.survey_round, plan.province_code) != plan.state_token:
        raise ImportRefused(_REGISTRY_CHANGED)
    if plan.errors and not skip_invalid:
        raise ImportRefused(
            _("%(count)s rows are invalid; nothing was imported.")
            % {"count": plan.counts["invalid"]}
        )
    villages_create(villages=plan.new_villages, by=by, source=f"import {batch.pk}")
    write_rows(plan.to_write, survey_round=plan.survey_round, batch_id=batch.pk)
    # The care step: cases this round shows at or above its threshold graduate (as previewed).
    targets_graduate_from_import(
        survey_round=plan.survey_round, batch=batch, province_code=plan.province_code, by=by
    )
    batch.counts = plan.counts
    batch.status = ImportStatus.COMMITTED
    batch.finished_at = timezone.now()
    batch.progress_done = batch.progress_total
    batch.message = ""
    batch.save()
    activity_log(
        "households.import.committed",
        actor=by,
        target=batch,
        data={**plan.counts, "file": plan.file_name, "sha256": plan.file_sha256},
    )
    return batch


def import_plan_commit(*, plan: ImportPlan, by=None, skip_invalid: bool = False) -> ImportBatch:
    """The command-line door: record a planned local file as an import and commit it."""
    batch = ImportBatch.objects.create(
        created_by=by,
        survey_round=plan.survey_round,
        province_id=plan.province_code,
        file_name=plan.file_name,
        file_sha256=plan.file_sha256,
        counts=plan.counts,
        errors=_stored_errors(plan),
        errors_truncated=len(plan.errors) > STORED_ERRORS,
        new_villages=_new_villages(plan),
        renamed_villages=plan.renamed_villages,
        state_token=plan.state_token,
        skip_invalid=skip_invalid,
        status=ImportStatus.COMMITTING,
    )
    return plan_commit(plan, batch=batch, by=by, skip_invalid=skip_invalid)


# Corrections ------------------------------------------------------------------------------

SURVEY_CORRECTABLE = (
    "head_prefix",
    "head_first_name",
    "head_last_name",
    "members",
    "income_per_person",
    "failed_indicators",
    "phone",
    "note",
)


def survey_content_hash(survey: HouseholdSurvey) -> str:
    """The change-detection hash of a record's values, computed exactly as the import does
    for a file row holding them, so the next import compares against what the row holds."""
    household = survey.household
    row = HouseholdRow(
        row=0,
        village_code=household.village_id,
        village_name="",
        house_no=household.house_no,
        house_code=household.house_code,
        head_prefix=survey.head_prefix,
        head_first_name=survey.head_first_name,
        head_last_name=survey.head_last_name,
        citizen_id=survey.citizen_id,
        members=survey.members,
        income_per_person=Decimal(survey.income_per_person),
        failed_indicators=tuple(survey.failed_indicator_numbers),
        phone=survey.phone,
        note=survey.note,
    )
    return content_hash(row)


def survey_indicators_check(*, survey: HouseholdSurvey, numbers) -> None:
    """Every failed indicator named must be one of the survey round's indicator set."""
    known = set(survey.survey_round.indicator_set.indicators.values_list("number", flat=True))
    if outside := [n for n in numbers if n not in known]:
        message = _("The round's indicator set has no indicator %(numbers)s.") % {
            "numbers": ", ".join(map(str, outside))
        }
        raise ValidationError({"failed_indicators": message})


@transaction.atomic
def survey_correct(*, survey: HouseholdSurvey, by, **values) -> HouseholdSurvey:
    """Correct a round's record by hand (the admin): the values a จปฐ. row holds, the
    citizen ID and the household's identity excepted.

    `failed_indicators` is a list of indicator numbers, each in the round's indicator set.
    Text is normalised as the import normalises a cell, and the change-detection hash is
    recomputed, so re-importing the original file updates the row back, and a file holding
    the corrected values leaves it unchanged. The log names the fields, not their values
    (personal data).
    """
    unknown = set(values) - set(SURVEY_CORRECTABLE)
    if unknown:
        raise TypeError(f"survey_correct() cannot change {', '.join(sorted(unknown))}")
    if "failed_indicators" in values:
        numbers = sorted({int(n) for n in values["failed_indicators"]})
        survey_indicators_check(survey=survey, numbers=numbers)
        values["failed_indicators"] = stored_indicators(numbers)
    # Text as the import's parser leaves a cell, so that the same value hashes the same.
    for name in ("head_prefix", "head_first_name", "head_last_name"):
        if name in values:
            values[name] = _clean_words(str(values[name]))
    if "phone" in values:
        values["phone"] = _clean_words(str(values["phone"])).lstrip("'")
    if "note" in values:
        values["note"] = _clean(str(values["note"]))
    changed = []
    for name, value in values.items():
        if getattr(survey, name) != value:
            setattr(survey, name, value)
            changed.append(name)
    if not changed:
        return survey
    survey.full_clean(exclude=["household", "survey_round", "import_batch"])
    survey.content_hash = survey_content_hash(survey)
    survey.save(update_fields=[*changed, "content_hash", "updated_at"])
    activity_log(
        "households.survey.corrected", actor=by, target=survey, data={"fields": sorted(changed)}
    )
    return survey


@transaction.atomic
def household_move(
    *, household: Household, village, house_no: str, note: str, by, house_code: str = ""
) -> Household:
    """Record that a household moved to another address of the same province: its village,
    house number and (if given) house code change; its rounds, cases, plans, assistance and
    visits stay with it. Its cases then appear on the lists of the officer of the district
    it lives in now (a case's quota district, where it was chosen, does not change).

    Who may: whoever manages cases where the household lives now (MANAGE_TARGETS; a district
    officer reports a household that left their district). The log keeps the old address.
    """
    if by is not None:
        require_perm(by, Perm.MANAGE_TARGETS)
        if not area_in_scope(by, household.village_id):
            raise Http404
    household = Household.objects.select_for_update().select_related("village").get(pk=household.pk)
    errors = {}
    house_no = _clean_words(to_ascii_digits(house_no or ""))
    house_code = to_ascii_digits(house_code or "").replace("-", "").replace(" ", "")
    note = (note or "").strip()
    if village is None:
        errors["village"] = _("Choose the village the household lives in now.")
    elif village.code[:2] != household.village_id[:2]:
        errors["village"] = _(
            "The household can move within the province only; a move to another province "
            "is that province's จปฐ."
        )
    if not house_no:
        errors["house_no"] = _("Give the house number at the new address.")
    if house_code and (len(house_code) != 11 or not house_code.isdigit()):
        errors["house_code"] = _("A house code has 11 digits.")
    if not note:
        errors["note"] = _("Say how the move became known.")
    if not errors and (village.code, house_no) == (household.village_id, household.house_no):
        errors["house_no"] = _("This is the household's address already.")
    if (
        not errors
        and Household.objects.filter(village=village, house_no=house_no)
        .exclude(pk=household.pk)
        .exists()
    ):
        errors["house_no"] = _(
            "Another household of the registry has this address (house %(house)s in %(village)s)."
        ) % {"house": house_no, "village": village}
    if errors:
        raise ValidationError(errors)
    before = {
        "village": household.village_id,
        "house_no": household.house_no,
        "house_code": household.house_code,
    }
    household.village, household.house_no = village, house_no
    if house_code:
        household.house_code = house_code
    household.save(update_fields=["village", "house_no", "house_code", "updated_at"])
    activity_log(
        "households.household.moved",
        actor=by,
        target=household,
        data={
            "from": before,
            "to": {"village": village.code, "house_no": house_no},
            "note": note,
        },
    )
    return household
