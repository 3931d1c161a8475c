"""Targeting (ชี้เป้าชีวิต): which households of a round a programme chooses, by rules that
staff can read and change, and the preview that shows what the rules do.

The rules, in the order they apply (each preview counts what each one removed):

1. The programme's province and survey round: every household surveyed in that round.
2. Income per person below the round's threshold (on by default).
3. Failed indicators: any, or all, of a chosen list (none chosen: no indicator rule).
4. Exclusions, in this order: graduated in another (earlier) programme; already a target
   (not dropped) of another active programme; marked moved or deceased by a rejected
   verification in any programme. A household already a target of this programme is never
   chosen again (it matters for replacements).
5. District quotas: a number per district, a share of each district's eligible households,
   or none: the programme's target number split in proportion to each district's eligible
   households, by largest remainders (equal remainders: lower district code first). A
   district with fewer eligible households than its quota gets all of them, and the preview
   says so.

Order in each district's line (ties broken by a stated, stable order):
income per person ascending, then more failed indicators first, then household id
ascending. The same order picks replacements, so "next in line" means the same thing.

The ranking runs in the database (ROW_NUMBER() OVER (PARTITION BY district ORDER BY …)),
so a preview costs the same handful of queries whatever the round's size, on SQLite and
PostgreSQL alike.
"""

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Length, Replace, RowNumber, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povertyprog.areas.models import District

from .models import HouseholdSurvey, Programme, ProgrammeStatus, Stage, Target, Verification

TIE_ORDER = gettext_lazy(
    "Within each district: income per person ascending, then more failed indicators first, "
    "then household number (id) ascending."
)
JUST_MISSED_DEFAULT = 5


class QuotaMode(StrEnum):
    PROPORTIONAL = "proportional"  # the target number split by each district's eligible
    NUMBER = "number"  # a number per district
    SHARE = "share"  # a percentage of each district's eligible


class IndicatorMatch(StrEnum):
    ANY = "any"
    ALL = "all"


@dataclass(frozen=True)
class TargetingRules:
    """The rules of one targeting, as staff set them; stored as JSON on each TargetingRun."""

    below_threshold: bool = True
    indicators: tuple[int, ...] = ()
    indicator_match: IndicatorMatch = IndicatorMatch.ANY
    quota_mode: QuotaMode = QuotaMode.PROPORTIONAL
    district_quotas: dict[str, int] = field(default_factory=dict)  # QuotaMode.NUMBER
    share_percent: int = 0  # QuotaMode.SHARE: 1–100, rounded half up per district
    exclude_graduated: bool = True
    exclude_other_programmes: bool = True
    exclude_moved_or_deceased: bool = True
    just_missed: int = JUST_MISSED_DEFAULT

    def as_json(self) -> dict:
        data = asdict(self)
        data["indicators"] = sorted(self.indicators)
        data["indicator_match"] = str(self.indicator_match)
        data["quota_mode"] = str(self.quota_mode)
        data["district_quotas"] = dict(sorted(self.district_quotas.items()))
        return data

    @classmethod
    def from_json(cls, data: dict) -> "TargetingRules":
        values = dict(data)
        values["indicators"] = tuple(int(n) for n in values.get("indicators", ()))
        values["indicator_match"] = IndicatorMatch(values.get("indicator_match", "any"))
        values["quota_mode"] = QuotaMode(values.get("quota_mode", "proportional"))
        values["district_quotas"] = {
            str(code): int(n) for code, n in values.get("district_quotas", {}).items()
        }
        return cls(**values)

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.as_json(), sort_keys=True).encode()).hexdigest()

    def check(self, programme: Programme) -> None:
        """Rules that make sense for this programme, or a ValidationError keyed by rule."""
        errors = {}
        if not self.below_threshold and not self.indicators:
            errors["below_threshold"] = _(
                "Choose at least one rule: income below the threshold or failed indicators."
            )
        if self.indicators:
            known = set(
                programme.survey_round.indicator_set.indicators.values_list("number", flat=True)
            )
            if outside := sorted(set(self.indicators) - known):
                errors["indicators"] = _(
                    "The round's indicator set has no indicator %(numbers)s."
                ) % {"numbers": ", ".join(map(str, outside))}
        if self.quota_mode == QuotaMode.NUMBER:
            if not self.district_quotas:
                errors["district_quotas"] = _("Give a number of households for each district.")
            elif any(n < 0 for n in self.district_quotas.values()):
                errors["district_quotas"] = _("A district's quota cannot be negative.")
            elif outside := sorted(
                code
                for code in self.district_quotas
                if not code.startswith(programme.province_id) or len(code) != 4
            ):
                errors["district_quotas"] = _(
                    "These are not districts of the programme's province: %(codes)s."
                ) % {"codes": ", ".join(outside)}
        if self.quota_mode == QuotaMode.SHARE and not 1 <= self.share_percent <= 100:
            errors["share_percent"] = _("The share is a percentage from 1 to 100.")
        if not 0 <= self.just_missed <= 100:
            errors["just_missed"] = _("Show from 0 to 100 households who just missed.")
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Candidate:
    """A household in a district's line: its survey record and its place in the line."""

    survey_id: int
    household_id: int
    district_code: str
    village_code: str
    house_no: str
    head_name: str
    income_per_person: Decimal
    failed_count: int
    rank: int

    @property
    def subdistrict_code(self) -> str:
        return self.village_code[:6]


@dataclass
class DistrictLine:
    code: str
    name: str
    in_round: int = 0  # surveyed in the round
    eligible: int = 0  # left after the rules and exclusions ("the district's poor")
    wanted: int = 0  # the quota the rules ask for
    chosen: int = 0
    removed: dict[str, int] = field(default_factory=dict)  # rule -> households it removed

    @property
    def short(self) -> bool:
        """Too few eligible households for the quota: all of them are chosen."""
        return self.wanted > self.eligible


@dataclass
class TargetingPreview:
    programme: Programme
    rules: TargetingRules
    state_token: str
    districts: list[DistrictLine]
    chosen: list[Candidate]
    just_missed: list[Candidate]
    removed: dict[str, int]  # rule -> households it removed, in the order the rules apply
    tie_order: str = str(TIE_ORDER)

    @property
    def short_districts(self) -> list[DistrictLine]:
        return [line for line in self.districts if line.short]

    @property
    def by_subdistrict(self) -> dict[str, int]:
        return dict(sorted(Counter(c.subdistrict_code for c in self.chosen).items()))

    @property
    def by_village(self) -> dict[str, int]:
        return dict(sorted(Counter(c.village_code for c in self.chosen).items()))

    @property
    def counts(self) -> dict:
        """What a TargetingRun records of the preview."""
        return {
            "chosen": len(self.chosen),
            "target_households": self.programme.target_households,
            "villages": len(self.by_village),
            "subdistricts": len(self.by_subdistrict),
            "districts": {
                line.code: {
                    "in_round": line.in_round,
                    "eligible": line.eligible,
                    "wanted": line.wanted,
                    "chosen": line.chosen,
                }
                for line in self.districts
            },
            "removed": self.removed,
            "short_districts": [line.code for line in self.short_districts],
        }


# Query pieces ------------------------------------------------------------------------------

_DISTRICT = Substr("household__village_id", 1, 4)


def _failed_count():
    """How many indicators a record failed, from its ",4,22," text (0 for "")."""
    commas = Length("failed_indicators") - Length(
        Replace("failed_indicators", Value(","), Value(""))
    )
    return Case(
        When(failed_indicators="", then=Value(0)),
        default=commas - 1,
        output_field=IntegerField(),
    )


def _round_records(programme: Programme):
    return HouseholdSurvey.objects.filter(
        survey_round_id=programme.survey_round_id,
        household__village__code__startswith=programme.province_id,
    )


@dataclass(frozen=True)
class _Conditions:
    income: Q | None
    indicators: Q | None
    graduated: Q | None
    other_programme: Q | None
    moved_or_deceased: Q | None
    in_this_programme: Q

    def criteria(self) -> Q:
        q = Q()
        for part in (self.income, self.indicators):
            if part is not None:
                q &= part
        return q

    def eligible(self) -> Q:
        q = self.criteria() & ~self.in_this_programme
        for part in (self.graduated, self.other_programme, self.moved_or_deceased):
            if part is not None:
                q &= ~part
        return q


def _conditions(programme: Programme, rules: TargetingRules) -> _Conditions:
    threshold = programme.survey_round.income_threshold
    indicators = None
    if rules.indicators:
        parts = [Q(failed_indicators__contains=f",{n},") for n in sorted(rules.indicators)]
        indicators = parts[0]
        for part in parts[1:]:
            indicators = indicators | part if rules.indicator_match == "any" else indicators & part
    cases = Target.objects.filter(household_id=OuterRef("household_id"))
    graduated = Q(Exists(cases.filter(stage=Stage.GRADUATED).exclude(programme=programme)))
    other = Q(
        Exists(
            cases.filter(programme__status=ProgrammeStatus.ACTIVE)
            .exclude(programme=programme)
            .exclude(stage=Stage.DROPPED)
        )
    )
    gone = Q(Exists(cases.filter(verification__in=[Verification.MOVED, Verification.DECEASED])))
    return _Conditions(
        income=Q(income_per_person__lt=threshold) if rules.below_threshold else None,
        indicators=indicators,
        graduated=graduated if rules.exclude_graduated else None,
        other_programme=other if rules.exclude_other_programmes else None,
        moved_or_deceased=gone if rules.exclude_moved_or_deceased else None,
        in_this_programme=Q(Exists(cases.filter(programme=programme))),
    )


def _line_order():
    """The line's order (TIE_ORDER), written once for the preview's window and for
    replacements."""
    return [F("income_per_person").asc(), F("failed_count").desc(), F("household_id").asc()]


def _candidate(row: dict) -> Candidate:
    head = " ".join(
        p for p in (row["head_prefix"] + row["head_first_name"], row["head_last_name"]) if p
    )
    return Candidate(
        survey_id=row["pk"],
        household_id=row["household_id"],
        district_code=row["district_code"],
        village_code=row["household__village_id"],
        house_no=row["household__house_no"],
        head_name=head,
        income_per_person=row["income_per_person"],
        failed_count=row["failed_count"],
        rank=row["line"],
    )


_CANDIDATE_FIELDS = (
    "pk",
    "household_id",
    "district_code",
    "household__village_id",
    "household__house_no",
    "head_prefix",
    "head_first_name",
    "head_last_name",
    "income_per_person",
    "failed_count",
)


# State -------------------------------------------------------------------------------------


_REGISTRY_STATE = {
    "n": Count("pk"),
    "last": Max("updated_at"),
    "moved": Max("household__updated_at"),
}


def targeting_state(
    programme: Programme, rules: TargetingRules, districts: list[dict] | None = None
) -> str:
    """A token that changes when anything the preview read changes: the round's records in
    the province and their households (a move changes a district), the round's threshold,
    any case (exclusions read other programmes'), the programme's target number and the
    rules. Two queries, whatever the size; one when `districts`, the per-district rows of
    `_district_counts` (which carry the registry's figures), are given: the preview reads
    the round once for both."""
    if districts is None:
        registry = _round_records(programme).aggregate(**_REGISTRY_STATE)
    else:
        registry = {
            "n": sum(row["n"] for row in districts),
            "last": max((row["last"] for row in districts), default=None),
            "moved": max((row["moved"] for row in districts), default=None),
        }
    cases = Target.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    threshold = Decimal(programme.survey_round.income_threshold).quantize(Decimal("0.01"))
    text = "|".join(
        map(
            str,
            (
                registry["n"],
                registry["last"],
                registry["moved"],
                threshold,
                cases["n"],
                cases["last"],
                programme.target_households,
                programme.survey_round_id,
                rules.fingerprint(),
            ),
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


# Quotas ------------------------------------------------------------------------------------


def _wanted(programme: Programme, rules: TargetingRules, lines: list[DistrictLine]) -> None:
    """Each district's quota, as the rules ask for it (before capping at what it has)."""
    if rules.quota_mode == QuotaMode.NUMBER:
        for line in lines:
            line.wanted = rules.district_quotas.get(line.code, 0)
        return
    if rules.quota_mode == QuotaMode.SHARE:
        for line in lines:
            line.wanted = (line.eligible * rules.share_percent + 50) // 100
        return
    total = sum(line.eligible for line in lines)
    target = programme.target_households
    if total <= target:
        # Fewer eligible households than the target: each district's share of the target
        # exceeds what it has (every one with any is short), and all of them are chosen.
        for line in lines:
            line.wanted = -(-target * line.eligible // total) if total else 0
        return
    remainders = []
    for line in lines:
        line.wanted, remainder = divmod(target * line.eligible, total)
        remainders.append((-remainder, line.code, line))
    left = target - sum(line.wanted for line in lines)
    for _remainder, _code, line in sorted(remainders)[:left]:
        line.wanted += 1


# The preview -------------------------------------------------------------------------------


_EXCLUSIONS = ("graduated", "other_programme", "moved_or_deceased")


def _district_counts(programme: Programme, rules: TargetingRules) -> list[dict]:
    """One pass over the round's records in the province: per district, how many are in the
    round and how many each rule leaves, with the registry's figures of the state token."""
    cond = _conditions(programme, rules)
    counts = {
        "in_round": Count("pk"),
        "after_income": Count("pk", filter=cond.income) if cond.income else Count("pk"),
        "after_criteria": Count("pk", filter=cond.criteria()),
        **_REGISTRY_STATE,
    }
    return list(
        _round_records(programme)
        .annotate(district_code=_DISTRICT)
        .values("district_code")
        .annotate(**counts)
        .order_by("district_code")
    )


def targeting_lines(
    programme: Programme, rules: TargetingRules, districts: list[dict] | None = None
) -> list[DistrictLine]:
    """Per district of the province with records in the round: how many are in the round,
    how many each rule leaves, and the quota. Three queries (two when `districts`, the rows
    of `_district_counts`, are given): the rules' counts over every record, the exclusions'
    counts over the few records whose household is a case somewhere (every exclusion is
    about cases: a per-row EXISTS over the whole round would cost seconds), and the
    districts' names."""
    cond = _conditions(programme, rules)
    if districts is None:
        districts = _district_counts(programme, rules)
    rows = [dict(row) for row in districts]
    excluded = {"in_this_programme": Count("pk", filter=cond.in_this_programme)}
    passed = ~cond.in_this_programme
    for name in _EXCLUSIONS:
        part = getattr(cond, name)
        if part is not None:
            excluded[name] = Count("pk", filter=passed & part)
            passed &= ~part
    exclusions = {
        row.pop("district_code"): row
        for row in _round_records(programme)
        .filter(cond.criteria(), household_id__in=Target.objects.values("household_id"))
        .annotate(district_code=_DISTRICT)
        .values("district_code")
        .annotate(**excluded)
        .order_by("district_code")
    }
    for row in rows:
        found = exclusions.get(row["district_code"], {})
        for name in excluded:
            row[name] = found.get(name, 0)
        row["eligible"] = row["after_criteria"] - sum(row[name] for name in excluded)
    names = dict(
        District.objects.filter(code__in=[r["district_code"] for r in rows]).values_list(
            "code", "name_th"
        )
    )
    lines = []
    for row in rows:
        line = DistrictLine(
            code=row["district_code"],
            name=names.get(row["district_code"], ""),
            in_round=row["in_round"],
            eligible=row["eligible"],
        )
        line.removed = {
            "income": row["in_round"] - row["after_income"],
            "indicators": row["after_income"] - row["after_criteria"],
            **{name: row[name] for name in _EXCLUSIONS if name in excluded},
        }
        lines.append(line)
    if rules.quota_mode == QuotaMode.NUMBER:
        # A district given a quota with no record in the round is short by all of it.
        have = {line.code for line in lines}
        extra = sorted(code for code in rules.district_quotas if code not in have)
        extra_names = dict(District.objects.filter(code__in=extra).values_list("code", "name_th"))
        for code in extra:
            lines.append(DistrictLine(code=code, name=extra_names.get(code, "")))
        lines.sort(key=lambda line: line.code)
    _wanted(programme, rules, lines)
    return lines


def targeting_rank(
    programme: Programme, rules: TargetingRules, limits: dict[str, int]
) -> list[Candidate]:
    """The first `limits[district]` households of each district's line, ranked in the
    database: one query, whatever the round's size."""
    limits = {code: n for code, n in limits.items() if n > 0}
    if not limits:
        return []
    cond = _conditions(programme, rules)
    limit = Case(
        *[When(district_code=code, then=Value(n)) for code, n in sorted(limits.items())],
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        _round_records(programme)
        .filter(cond.eligible())
        .annotate(district_code=_DISTRICT, failed_count=_failed_count())
        .annotate(
            line=Window(RowNumber(), partition_by=[_DISTRICT], order_by=_line_order()),
            line_limit=limit,
        )
        .filter(line__lte=F("line_limit"))
        .values(*_CANDIDATE_FIELDS, "line")
        .order_by("district_code", "line")
    )
    return [_candidate(row) for row in rows]


def targeting_preview(
    *, programme: Programme, rules: TargetingRules, user=None
) -> TargetingPreview:
    """What the rules choose for the programme, without writing anything.

    Counts per district, subdistrict and village; the chosen households ranked (see the
    module's docstring for the order); the next `rules.just_missed` in each district; what
    each rule removed; the districts with fewer eligible households than their quota.
    A handful of queries whatever the size. `user`, when given, must be allowed to target
    in the programme's province (households.programme_services.programme_check_rights).
    """
    if user is not None:
        from .programme_services import programme_check_rights

        programme_check_rights(programme=programme, by=user)
    rules.check(programme)
    districts = _district_counts(programme, rules)
    state = targeting_state(programme, rules, districts)
    lines = targeting_lines(programme, rules, districts)
    quotas = {line.code: min(line.wanted, line.eligible) for line in lines}
    ranked = targeting_rank(
        programme, rules, {code: n + rules.just_missed for code, n in quotas.items()}
    )
    chosen = [c for c in ranked if c.rank <= quotas[c.district_code]]
    just_missed = [c for c in ranked if c.rank > quotas[c.district_code]]
    per_district = Counter(c.district_code for c in chosen)
    for line in lines:
        line.chosen = per_district.get(line.code, 0)
    removed = Counter()
    for line in lines:
        removed.update(line.removed)
    order = ["income", "indicators", "graduated", "other_programme", "moved_or_deceased"]
    removed_counts = {name: removed[name] for name in order if name in removed}
    removed_counts["quota"] = sum(line.eligible - line.chosen for line in lines)
    return TargetingPreview(
        programme=programme,
        rules=rules,
        state_token=state,
        districts=lines,
        chosen=chosen,
        just_missed=just_missed,
        removed=removed_counts,
    )


def next_in_line(
    programme: Programme, rules: TargetingRules, district_code: str
) -> Candidate | None:
    """The first household of the district's line that is not yet a case of the programme,
    by the same rules and order as the preview (for a rejected target's replacement)."""
    cond = _conditions(programme, rules)
    row = (
        _round_records(programme)
        .filter(cond.eligible(), household__village__code__startswith=district_code)
        .annotate(district_code=_DISTRICT, failed_count=_failed_count())
        .order_by(*_line_order())
        .values(*_CANDIDATE_FIELDS)
        .first()
    )
    if row is None:
        return None
    row["line"] = 0  # the caller places it after the district's last case
    return _candidate(row)
