"""Write a plan's rows: PostgreSQL through COPY into a staging table and two upserts,
other databases (the SQLite demo) through the ORM's bulk operations. Same result either way.

Citizen IDs are encrypted here, for the rows written only (unchanged rows never get this
far). On PostgreSQL the COPY is streamed: each block of rows is encrypted and formatted while
the server takes in the block before, and the whole file's text is never held at once.
"""

from collections.abc import Iterable, Iterator

from django.db import connection
from django.utils import timezone

from povertyprog.areas.models import Village
from povertyprog.core.crypto import encrypt_texts, lookup_hasher

from ..models import Household, HouseholdSurvey, SurveyRound
from .records import HouseholdRow

COPY_BLOCK = 2_000  # rows formatted (and their IDs encrypted) at a time
COPY_READ_SIZE = 1 << 16
SURVEY_FIELDS = [
    "head_prefix",
    "head_first_name",
    "head_last_name",
    "citizen_id_encrypted",
    "citizen_id_hash",
    "members",
    "income_per_person",
    "failed_indicators",
    "phone",
    "note",
    "content_hash",
]


def _survey_values(row: HouseholdRow, digest: str, encrypted: str, hashed: str) -> dict:
    return {
        "head_prefix": row.head_prefix,
        "head_first_name": row.head_first_name,
        "head_last_name": row.head_last_name,
        "citizen_id_encrypted": encrypted,
        "citizen_id_hash": hashed,
        "members": row.members,
        "income_per_person": row.income_per_person,
        "failed_indicators": stored_indicators(row.failed_indicators),
        "phone": row.phone,
        "note": row.note,
        "content_hash": digest,
    }


def _citizen_ids(rows: list[tuple[HouseholdRow, str]]) -> tuple[list[str], list[str]]:
    """(encrypted, lookup hash) of each row's citizen ID, computed only for the rows written."""
    ids = [row.citizen_id for row, _digest in rows]
    hasher = lookup_hasher()
    return encrypt_texts(ids), [hasher(cid) for cid in ids]


def stored_indicators(numbers: Iterable[int]) -> str:
    """ ",4,22," – see HouseholdSurvey.failed_indicators."""
    text = ",".join(map(str, numbers))
    return f",{text}," if text else ""


def write_rows(
    rows: list[tuple[HouseholdRow, str]], *, survey_round: SurveyRound, batch_id: int | None
) -> None:
    """Insert or update the households and this round's surveys for `rows`. Call inside a
    transaction: a failure half-way leaves nothing behind."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _write_postgres(rows, survey_round=survey_round, batch_id=batch_id)
        analyze_written_tables()
    else:
        _write_orm(rows, survey_round=survey_round, batch_id=batch_id)


def analyze_written_tables() -> None:
    """Refresh the planner's statistics of the tables an import writes (PostgreSQL).

    COPY and the upserts change a round's table by hundreds of thousands of rows at once; with
    autovacuum off (or before it wakes) the planner keeps estimating the tables as they were
    (6 rows for 3,000: nested loops, a registry page at 1 s instead of 0.07 s). ANALYZE samples
    a fixed number of rows, so it costs well under a second even for a whole province, and it
    may run inside the import's transaction: its statistics commit, or roll back, with it.
    """
    tables = [model._meta.db_table for model in (Village, Household, HouseholdSurvey)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(map(connection.ops.quote_name, tables))}")


# PostgreSQL ---------------------------------------------------------------------------------

_STAGE_COLUMNS = ["village_id", "house_no", "house_code", *SURVEY_FIELDS]
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_TABS_PER_LINE = len(_STAGE_COLUMNS) - 1


def _copy_lines(rows: list[tuple[HouseholdRow, str]]) -> Iterator[str]:
    """The staging table's rows in COPY text format, a block of COPY_BLOCK lines at a time.

    Parsed values hold no tabs or line breaks (whitespace is collapsed), so a line is escaped
    cell by cell only in the rare case it needs it: str.translate is slow on Thai text.
    """
    indicators: dict[tuple[int, ...], str] = {}
    for start in range(0, len(rows), COPY_BLOCK):
        block = rows[start : start + COPY_BLOCK]
        encrypted, hashed = _citizen_ids(block)
        lines = []
        for (row, digest), token, cid_hash in zip(block, encrypted, hashed, strict=True):
            failed = indicators.get(row.failed_indicators)
            if failed is None:
                failed = indicators[row.failed_indicators] = stored_indicators(
                    row.failed_indicators
                )
            cells = (
                row.village_code,
                row.house_no,
                row.house_code,
                row.head_prefix,
                row.head_first_name,
                row.head_last_name,
                token,
                cid_hash,
                str(row.members),
                str(row.income_per_person),
                failed,
                row.phone,
                row.note,
                digest,
            )
            line = "\t".join(cells)
            if line.count("\t") != _TABS_PER_LINE or "\\" in line or "\n" in line or "\r" in line:
                line = "\t".join(cell.translate(_ESCAPES) for cell in cells)
            lines.append(line)
        lines.append("")
        yield "\n".join(lines)


class _Stream:
    """A file-like view of text blocks for COPY FROM STDIN: the rows are encrypted and
    formatted while PostgreSQL takes in the ones before, and never held all at once."""

    def __init__(self, blocks: Iterator[str]):
        self._blocks = blocks

    def read(self, size: int = -1) -> str:
        return next(self._blocks, "")

    def readline(self, size: int = -1) -> str:  # part of the protocol psycopg checks for
        return self.read(size)


def _write_postgres(
    rows: list[tuple[HouseholdRow, str]], *, survey_round: SurveyRound, batch_id: int | None
) -> None:
    household_table = connection.ops.quote_name(Household._meta.db_table)
    survey_table = connection.ops.quote_name(HouseholdSurvey._meta.db_table)
    assignments = ", ".join(f"{name} = EXCLUDED.{name}" for name in SURVEY_FIELDS)
    with connection.cursor() as cursor:
        # For this transaction only: hash the staged rows against the households in memory
        # (4 MB, the default, spills half a million rows to disk), and do not spend time
        # compiling these one-off statements (JIT), which only move rows.
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute("SET LOCAL jit = off")
        # Dropped at the end rather than ON COMMIT: an outer transaction (the bench, a dry run)
        # may hold several imports.
        cursor.execute("DROP TABLE IF EXISTS import_stage")
        cursor.execute(
            "CREATE TEMP TABLE import_stage ("
            "village_id varchar(8), house_no varchar(30), house_code varchar(11), "
            "head_prefix varchar(30), head_first_name varchar(100), head_last_name varchar(100), "
            "citizen_id_encrypted varchar(80), citizen_id_hash varchar(32), members smallint, "
            "income_per_person numeric(12, 2), failed_indicators varchar(200), "
            "phone varchar(30), note text, content_hash varchar(32)) ON COMMIT DROP"
        )
        cursor.copy_expert(
            f"COPY import_stage ({', '.join(_STAGE_COLUMNS)}) FROM STDIN",
            _Stream(_copy_lines(rows)),
            COPY_READ_SIZE,
        )
        # A temporary table has no statistics until analysed: without them the planner
        # guesses its size and may join it to the households badly.
        cursor.execute("ANALYZE import_stage (village_id, house_no)")
        now = timezone.now()
        cursor.execute(
            f"INSERT INTO {household_table} "  # noqa: S608 - table names from the models
            "(village_id, house_no, house_code, created_at, updated_at) "
            "SELECT village_id, house_no, house_code, %s, %s FROM import_stage "
            "ON CONFLICT (village_id, house_no) DO UPDATE "
            "SET house_code = EXCLUDED.house_code, updated_at = EXCLUDED.updated_at "
            "WHERE EXCLUDED.house_code <> '' "
            f"AND {household_table}.house_code <> EXCLUDED.house_code",
            [now, now],
        )
        cursor.execute(
            f"INSERT INTO {survey_table} (household_id, survey_round_id, import_batch_id, "  # noqa: S608
            f"created_at, updated_at, {', '.join(SURVEY_FIELDS)}) "
            f"SELECT h.id, %s, %s, %s, %s, {', '.join('s.' + name for name in SURVEY_FIELDS)} "
            f"FROM import_stage s JOIN {household_table} h "
            "ON h.village_id = s.village_id AND h.house_no = s.house_no "
            "ON CONFLICT (household_id, survey_round_id) DO UPDATE "
            f"SET {assignments}, import_batch_id = EXCLUDED.import_batch_id, "
            "updated_at = EXCLUDED.updated_at",
            [survey_round.pk, batch_id, now, now],
        )
        cursor.execute("DROP TABLE import_stage")


# Any other database -------------------------------------------------------------------------


def _write_orm(
    rows: list[tuple[HouseholdRow, str]], *, survey_round: SurveyRound, batch_id: int | None
) -> None:
    villages = {row.village_code for row, _digest in rows}
    households = {
        (h.village_id, h.house_no): h
        for h in Household.objects.filter(village_id__in=villages).only(
            "id", "village_id", "house_no", "house_code"
        )
    }
    missing, recoded = [], []
    for row, _digest in rows:
        household = households.get(row.key)
        if household is None:
            household = Household(
                village_id=row.village_code, house_no=row.house_no, house_code=row.house_code
            )
            households[row.key] = household
            missing.append(household)
        elif row.house_code and household.house_code != row.house_code:
            household.house_code = row.house_code
            recoded.append(household)
    Household.objects.bulk_create(missing, batch_size=1000)
    Household.objects.bulk_update(recoded, ["house_code"], batch_size=1000)

    surveys = {
        s.household_id: s
        for s in HouseholdSurvey.objects.filter(
            survey_round=survey_round, household__village_id__in=villages
        )
    }
    new, changed = [], []
    now = timezone.now()
    encrypted, hashed = _citizen_ids(rows)
    for (row, digest), token, cid_hash in zip(rows, encrypted, hashed, strict=True):
        household = households[row.key]
        values = _survey_values(row, digest, token, cid_hash)
        survey = surveys.get(household.pk)
        if survey is None:
            new.append(
                HouseholdSurvey(
                    household=household,
                    survey_round=survey_round,
                    import_batch_id=batch_id,
                    **values,
                )
            )
        else:
            for name, value in values.items():
                setattr(survey, name, value)
            survey.import_batch_id, survey.updated_at = batch_id, now
            changed.append(survey)
    HouseholdSurvey.objects.bulk_create(new, batch_size=1000)
    HouseholdSurvey.objects.bulk_update(
        changed, [*SURVEY_FIELDS, "import_batch", "updated_at"], batch_size=1000
    )
