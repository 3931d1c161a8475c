"""Plan an import: read the file, parse every row, compare with the database.

The plan is what the preview shows and what the confirm step writes, so both come from the
same function; confirming re-plans the stored file and refuses if anything differs.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from povertyprog.areas.models import Village
from povertyprog.core.crypto import lookup_hash

from ..models import HouseholdSurvey, SurveyRound
from .parse import AreaIndex, RowParser, find_header
from .read import read_rows
from .records import CellError, HouseholdRow

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 5000
HEADER_SEARCH_ROWS = 30


@dataclass
class ImportPlan:
    file_name: str
    file_sha256: str
    survey_round: SurveyRound
    province_code: str
    header_row: int = 0
    rows_read: int = 0
    to_write: list[tuple[HouseholdRow, str]] = field(default_factory=list)  # (row, content hash)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[CellError] = field(default_factory=list)
    new_villages: dict[str, str] = field(default_factory=dict)
    state_token: str = ""

    @property
    def invalid_rows(self) -> set[int]:
        return {error.row for error in self.errors}

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.new + self.updated + self.unchanged + len(self.invalid_rows),
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": len(self.invalid_rows),
            "new_villages": len(self.new_villages),
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def content_hash(row: HouseholdRow) -> str:
    """A keyed hash of everything a row says about a household (the ID included, so keyed)."""
    return lookup_hash(
        "\x1f".join(
            (
                row.house_code,
                row.head_prefix,
                row.head_first_name,
                row.head_last_name,
                row.citizen_id,
                str(row.members),
                f"{row.income_per_person:.2f}",
                ",".join(map(str, row.failed_indicators)),
                row.phone,
                row.note,
            )
        )
    )


def _surveys_in_scope(survey_round: SurveyRound, province_code: str):
    return HouseholdSurvey.objects.filter(
        survey_round=survey_round, household__village__code__startswith=province_code
    )


def database_state(survey_round: SurveyRound, province_code: str) -> str:
    """A token that changes whenever the round's records or the province's villages change."""
    surveys = _surveys_in_scope(survey_round, province_code).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    villages = Village.objects.filter(code__startswith=province_code).aggregate(n=Count("code"))
    text = f"{surveys['n']}|{surveys['last']}|{villages['n']}|{survey_round.income_threshold}"
    return hashlib.sha256(text.encode()).hexdigest()


def estimate_rows(path: Path) -> int:
    """The number of rows in the file, for the progress bar (cheap; header rows included)."""
    if path.suffix.lower() == ".csv":
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).height
    except Exception:
        return 0


def _duplicate_errors(rows: list[HouseholdRow], header_labels: dict[str, str]) -> list[CellError]:
    rows_text = ", ".join(str(row.row) for row in rows)
    return [
        CellError(
            row=row.row,
            column=header_labels.get("house_no", _("House number")),
            value=row.house_no,
            message=_(
                "The same household (village %(village)s, house %(house)s) is in rows %(rows)s."
            )
            % {"village": row.village_code, "house": row.house_no, "rows": rows_text},
            kind="duplicate",
            expected=_("one row per household"),
        )
        for row in rows
    ]


def build_plan(
    path: Path,
    *,
    file_name: str,
    survey_round: SurveyRound,
    province_code: str,
    progress: Progress | None = None,
    sha256: str | None = None,
) -> ImportPlan:
    """Read, check and classify every row of a จปฐ. file; writes nothing."""
    return plan_rows(
        read_rows(path, file_name=file_name),
        file_name=file_name,
        file_sha256=sha256 or file_sha256(path),
        total=estimate_rows(path),
        survey_round=survey_round,
        province_code=province_code,
        progress=progress,
    )


def plan_rows(
    rows: Iterator[tuple[int, list]],
    *,
    file_name: str,
    file_sha256: str,
    total: int,
    survey_round: SurveyRound,
    province_code: str,
    progress: Progress | None = None,
) -> ImportPlan:
    """Check and classify rows given as (spreadsheet row number, cells); writes nothing."""
    plan = ImportPlan(
        file_name=file_name,
        file_sha256=file_sha256,
        survey_round=survey_round,
        province_code=province_code,
        state_token=database_state(survey_round, province_code),
    )
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    header = find_header(head)
    plan.header_row = header.row_number
    labels = header.labels_by_field()
    parser = RowParser(
        header,
        AreaIndex.for_province(province_code),
        set(survey_round.indicator_set.indicators.values_list("number", flat=True)),
    )

    valid: dict[tuple[str, str], HouseholdRow] = {}
    duplicates: dict[tuple[str, str], list[HouseholdRow]] = {}
    for number, cells in chain((r for r in head if r[0] > header.row_number), rows):
        plan.rows_read += 1
        if progress and plan.rows_read % PROGRESS_EVERY == 0:
            progress(number, total)
        result = parser.parse(number, cells)
        if result is None:
            continue
        if isinstance(result, list):
            plan.errors.extend(result)
            continue
        first = valid.get(result.key)
        if first is None and result.key not in duplicates:
            valid[result.key] = result
        else:
            duplicates.setdefault(result.key, [first] if first else []).append(result)
            valid.pop(result.key, None)
    for same in duplicates.values():
        plan.errors.extend(_duplicate_errors(same, labels))
    plan.errors.sort(key=lambda error: error.row)

    existing = {
        (village, house): digest
        for village, house, digest in _surveys_in_scope(survey_round, province_code)
        .values_list("household__village_id", "household__house_no", "content_hash")
        .iterator(chunk_size=20_000)
    }
    known_villages = set(
        Village.objects.filter(code__startswith=province_code).values_list("code", flat=True)
    )
    for key, row in valid.items():
        digest = content_hash(row)
        old = existing.get(key)
        if old == digest:
            plan.unchanged += 1
            continue
        if old is None:
            plan.new += 1
        else:
            plan.updated += 1
        plan.to_write.append((row, digest))
        if row.village_code not in known_villages and row.village_code not in plan.new_villages:
            plan.new_villages[row.village_code] = row.village_name or _("Moo %(moo)d") % {
                "moo": int(row.village_code[6:])
            }
    if progress:
        progress(total, total)
    return plan
