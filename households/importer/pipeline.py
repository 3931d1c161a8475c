"""Plan an import: read the file, parse every row, compare with the database.

The plan is what the preview shows and what the confirm step writes, so both come from the
same function; confirming re-plans the stored file and refuses if anything differs.
"""

import hashlib
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import NamedTuple

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from povertyprog.areas.models import Village
from povertyprog.core.crypto import lookup_hasher

from ..graduation import graduating_in_plan
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
    # Existing villages the file names otherwise: [{"code", "stored", "file"}] (a warning only:
    # the code decides the village, the stored name is kept).
    renamed_villages: list[dict[str, str]] = field(default_factory=list)
    state_token: str = ""
    # Cases that committing the plan graduates (households.graduation).
    graduating: int = 0

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
            "graduating": self.graduating,
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def content_hash(row: HouseholdRow, *, hasher: Callable[[str], str] | None = None) -> str:
    """A keyed hash of everything a row says about a household (the ID included, so keyed).

    Give `hasher` (crypto.lookup_hasher()) when hashing many rows: it saves re-keying."""
    return (hasher or lookup_hasher())(
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


def _same_name(name: str) -> str:
    """A village name as compared with the stored one: spacing does not count."""
    return "".join(name.split())


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
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return _xlsx_rows(path)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, zlib.error):
            return 0
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).height
    except Exception:
        return 0


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension ref=\"[A-Z]*[0-9]*:?[A-Z]*([0-9]+)\"")
_SHEET_XML = re.compile(r"xl/worksheets/sheet(\d+)\.xml")


def _xlsx_rows(path: Path) -> int:
    """The first worksheet's row count without loading it (loading is what reading costs):
    from the <dimension> Excel writes at its top, else by counting <row> tags as it unzips."""
    with zipfile.ZipFile(path) as archive:
        sheets = {
            int(found.group(1)): name
            for name in archive.namelist()
            if (found := _SHEET_XML.fullmatch(name))
        }
        with archive.open(sheets[min(sheets)]) as sheet:
            chunk = sheet.read(1 << 14)
            if found := _DIMENSION.search(chunk):
                return int(found.group(1))
            count, carry = 0, b""
            while chunk:
                # A tag cut between two chunks is counted once, in the joined text; the carry
                # is too short to hold a whole tag, so none is counted twice.
                text = carry + chunk
                count += text.count(b"<row ") + text.count(b"<row>")
                carry = text[-4:]
                chunk = sheet.read(1 << 20)
            return count


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
        total=estimate_rows(path) if progress else 0,
        survey_round=survey_round,
        province_code=province_code,
        progress=progress,
    )


def _existing_hashes(survey_round: SurveyRound, province_code: str) -> dict[str, dict[str, str]]:
    """village code → house number → content hash of the round's records in the province
    (nested, so that a province's half a million records need no key tuple each)."""
    existing: dict[str, dict[str, str]] = {}
    for village, house, digest in (
        _surveys_in_scope(survey_round, province_code)
        .values_list("household__village_id", "household__house_no", "content_hash")
        .iterator(chunk_size=20_000)
    ):
        houses = existing.get(village)
        if houses is None:
            houses = existing[village] = {}
        houses[house] = digest
    return existing


class _Unchanged(NamedTuple):
    """What is kept of a row identical to the record in the database: enough to report it
    if the household turns out to be in the file twice."""

    row: int
    village_code: str
    house_no: str


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
    """Check and classify rows given as (spreadsheet row number, cells); writes nothing.

    Rows are classified as they are parsed, against the hashes of the round's records loaded
    first: an unchanged row is dropped at once (only its row number is kept), so re-importing
    a large file holds little more than the database's hashes.
    """
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
    existing = _existing_hashes(survey_round, province_code)
    hasher = lookup_hasher()

    # village code → house number → the row, or its row number when it is unchanged.
    seen: dict[str, dict[str, HouseholdRow | int]] = {}
    changed: list[tuple[HouseholdRow, str]] = []  # new or updated rows, in file order
    duplicates: dict[tuple[str, str], list] = {}
    no_houses: dict[str, str] = {}
    # village code → its name in the file's first row of that village
    file_village_names: dict[str, str] = {}
    parse, errors = parser.parse, plan.errors
    same = {}.setdefault
    read = 0
    for number, cells in chain((r for r in head if r[0] > header.row_number), rows):
        read += 1
        if progress and read % PROGRESS_EVERY == 0:
            plan.rows_read = read
            progress(number, total)
        result = parse(number, cells)
        if result is None:
            continue
        if type(result) is list:
            errors.extend(result)
            continue
        village, house = result.village_code, result.house_no
        houses = seen.get(village)
        if houses is None:
            houses = seen[village] = {}
            file_village_names[village] = result.village_name
        first = houses.get(house)
        if first is None:
            digest = content_hash(result, hasher=hasher)
            if existing.get(village, no_houses).get(house) == digest:
                houses[house] = number
            else:
                # One string object for each distinct name: a province's 500,000 rows hold a
                # few thousand names, and each cell read from the file is a string of its own.
                result.village_name = same(result.village_name, result.village_name)
                result.head_prefix = same(result.head_prefix, result.head_prefix)
                result.head_first_name = same(result.head_first_name, result.head_first_name)
                result.head_last_name = same(result.head_last_name, result.head_last_name)
                houses[house] = result
                changed.append((result, digest))
        elif (village, house) in duplicates:
            duplicates[village, house].append(result)
        else:
            if type(first) is int:
                first = _Unchanged(first, village, house)
            duplicates[village, house] = [first, result]
    plan.rows_read = read
    for (village, house), same in duplicates.items():
        del seen[village][house]
        errors.extend(_duplicate_errors(same, labels))
    errors.sort(key=lambda error: error.row)

    plan.to_write = (
        [pair for pair in changed if seen[pair[0].village_code].get(pair[0].house_no) is pair[0]]
        if duplicates
        else changed
    )
    for row, _digest in plan.to_write:
        if row.house_no in existing.get(row.village_code, no_houses):
            plan.updated += 1
    plan.new = len(plan.to_write) - plan.updated
    plan.unchanged = sum(
        1 for houses in seen.values() for value in houses.values() if type(value) is int
    )
    known_villages = dict(
        Village.objects.filter(code__startswith=province_code).values_list("code", "name_th")
    )
    for village in sorted(seen):
        stored, written = known_villages.get(village), file_village_names.get(village, "")
        if stored is not None and written and _same_name(written) != _same_name(stored):
            plan.renamed_villages.append({"code": village, "stored": stored, "file": written})
    for village, houses in seen.items():
        if village in known_villages:
            continue
        # A village that does not exist yet has no unchanged rows: its rows are all written.
        row = next((value for value in houses.values() if type(value) is not int), None)
        if row is not None:
            plan.new_villages[village] = row.village_name or _("Moo %(moo)d") % {
                "moo": int(village[6:])
            }
    plan.graduating = graduating_in_plan(plan)
    if progress:
        progress(total, total)
    return plan
