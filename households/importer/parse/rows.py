"""Find the header of a จปฐ. sheet, then turn each row into a HouseholdRow or the errors of it.

Files come typed by people and exported by other systems: the header may sit under title rows
and use any of a dozen spellings, area cells may be merged, names carry prefixes (อ., ต., ม.),
numbers come as Thai digits, and Excel damages citizen IDs. Everything here copes with that and,
where it cannot, says exactly what is wrong in which cell and what would be accepted.

Rows are parsed one at a time and must stay cheap (a province's file has hundreds of thousands):
column positions are worked out once, area names are resolved once per distinct spelling, and
messages are translated only when there is an error.
"""

import operator
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import geothai
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povertyprog.thai.formats import (
    CitizenIDError,
    is_valid_citizen_id,
    normalize_citizen_id,
    parse_thai_decimal,
    parse_thai_int,
    to_ascii_digits,
)

from ..records import CellError, HouseholdRow
from .areas import AreaIndex
from .cells import _ascii_digits, _clean, _clean_words, _is_digits, cell_text
from .fields import _HOUSEHOLD_FIELDS, AREA_FIELDS, FIELDS
from .header import Header

_CENT = Decimal("0.01")
_MAX_INCOME = Decimal("9999999999.99")  # what the database column holds
MAX_MEMBERS = 999
_LENGTHS = {"house_no": 30, "prefix": 30, "first_name": 100, "last_name": 100, "phone": 30}

_NAME_PREFIXES = (
    "นางสาว",
    "เด็กชาย",
    "เด็กหญิง",
    "นาง",
    "นาย",
    "น.ส.",
    "ด.ช.",
    "ด.ญ.",
)
_ENGLISH_PREFIXES = ("mrs.", "mrs", "mr.", "mr", "miss", "ms.", "ms")
_MOO_PREFIXES = ("หมู่ที่", "หมู่", "ม.", "ม", "moo.", "moo", "village no.", "m.", "no.")
_TOTAL_WORDS = ("รวม", "total")
_NO_INDICATORS = frozenset({"", "-", "–", "—", "ไม่มี", "none"})
_INDICATOR_LIST = re.compile(
    r"(?:ข้อ(?:ที่)?\s*)?\d+(?:\s*(?:[,;/、]|และ|\s)\s*(?:ข้อ(?:ที่)?\s*)?\d+)*\s*[,.]?"
)
_DIGIT_RUNS = re.compile(r"\d+")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")

# An error found once (an area spelling, an indicator list) and reported on every row with it:
# (field, value as text, message, kind, expected).
ErrorSpec = tuple[str, str, str, str, str]

_CITIZEN_ID_EXPECTED = gettext_lazy("13 digits, e.g. 3-5007-00123-45-8 (format the column as Text)")


def _tuple_getter(indices: list[int]):
    if not indices:
        return lambda cells: ()
    if len(indices) == 1:
        index = indices[0]
        return lambda cells: (cells[index],)
    return operator.itemgetter(*indices)


class RowParser:
    """Turns one data row into a HouseholdRow, a list of CellErrors, or None (a row to skip).

    Rows must be given in order: empty area cells (merged cells) take the value of the row
    above when the broader area cells are the same.
    """

    def __init__(self, header: Header, areas: AreaIndex, indicator_numbers: set[int]):
        self.header = header
        self.areas = areas
        self.indicator_numbers = frozenset(indicator_numbers)
        columns = header.columns
        self._width = max(columns.values(), default=-1) + 1
        self._column = {key: columns.get(key) for key in FIELDS}
        self._label = {key: header.label(key) for key in FIELDS}
        self._area_fields = [key for key in AREA_FIELDS if key in columns]
        # The village name is last; areas are resolved (and cached) without it.
        self._has_village_name = "village_name" in columns
        self._place_fields = [key for key in self._area_fields if key != "village_name"]
        self._area_of = _tuple_getter([columns[key] for key in self._area_fields])
        self._household_of = _tuple_getter(
            [columns[key] for key in _HOUSEHOLD_FIELDS if key in columns]
        )
        self._previous_area: tuple = ("",) * len(self._area_fields)
        self._split_names = "last_name" not in columns
        self._area_cache: dict[tuple, tuple[str, str] | list[ErrorSpec]] = {}
        self._indicator_cache: dict[object, tuple[int, ...] | ErrorSpec] = {}

    # -- the row -------------------------------------------------------------------------

    def parse(self, row_number: int, cells: list) -> HouseholdRow | list[CellError] | None:
        width = len(cells)
        if cells.count("") == width:
            return None
        if width < self._width:
            cells = [*cells, *("",) * (self._width - width)]
        column = self._column
        house_raw = cells[column["house_no"]] if column["house_no"] is not None else ""
        cid_raw = cells[column["citizen_id"]] if column["citizen_id"] is not None else ""
        area = self._area_of(cells)
        if (
            house_raw == ""
            or cid_raw == ""
            or (type(house_raw) is str and house_raw.isspace())
            or (type(cid_raw) is str and cid_raw.isspace())
        ) and self._skip(cells, area, house_raw, cid_raw):
            return None
        if "" in area:
            area = self._fill_down(area)
        self._previous_area = area

        errors: list[CellError] = []
        place = area[:-1] if self._has_village_name else area
        resolved = self._area_cache.get(place)
        if resolved is None:
            resolved = self._area_cache[place] = self._resolve_area(place)
        if type(resolved) is list:
            errors.extend(
                CellError(row_number, self._label[spec[0]], *spec[1:]) for spec in resolved
            )
            village_code = village_name = ""
        else:
            # The file's village name as written, else the name the village already has.
            village_code, village_name = resolved
            if self._has_village_name and area[-1] != "":
                village_name = _clean_words(area[-1]) or village_name

        house_no = self._house_no(row_number, house_raw, errors)
        house_code = self._house_code(row_number, cells, errors)
        prefix, first_name, last_name = self._names(row_number, cells, errors)
        citizen_id = self._citizen_id(row_number, cid_raw, errors)
        members = self._members(row_number, cells, errors)
        income = self._income(row_number, cells, errors)
        indicators = self._indicators(row_number, cells, errors)
        phone = self._phone(row_number, cells, errors)
        note = _clean(cells[column["note"]]) if column["note"] is not None else ""
        if errors:
            return errors
        return HouseholdRow(
            row_number,
            village_code,
            village_name,
            house_no,
            house_code,
            prefix,
            first_name,
            last_name,
            citizen_id,
            members,
            income,
            indicators,
            phone,
            note,
        )

    def _skip(self, cells: list, area: tuple, house_raw, cid_raw) -> bool:
        """Blank rows, total rows and rows with nothing about a household (a heading over a
        district's rows, or a numbered but empty template row) are not imported. A heading's
        area still fills the empty area cells below it."""
        filled = [cell for cell in cells if _clean(cell)]
        if not filled:
            return True
        has_house = _clean(house_raw) or _clean(cid_raw)
        if not has_house:
            texts = [filled[0], *area]
            if (column := self._column["first_name"]) is not None:
                texts.append(cells[column])
            if (column := self._column["village_name"]) is not None:
                texts.append(cells[column])
            for text in texts:
                if isinstance(text, str) and text.strip().casefold().startswith(_TOTAL_WORDS):
                    return True
        if any(_clean(value) for value in self._household_of(cells)):
            return False
        if any(_clean(value) for value in area):
            self._previous_area = self._fill_down(area) if "" in area else area
        return True

    def _fill_down(self, area: tuple) -> tuple:
        # A merged cell's value is only in its first row. An empty area cell takes the value
        # above while the broader area cells are the same as above.
        previous = self._previous_area
        filled = list(area)
        same = True
        for index, value in enumerate(area):
            if value == "" or (type(value) is str and not value.strip()):
                if same:
                    filled[index] = previous[index]
            elif value != previous[index]:
                same = False
        return tuple(filled)

    def _error(self, errors, row_number, key, raw, message, kind, expected) -> None:
        errors.append(
            CellError(row_number, self._label[key], cell_text(raw), message, kind, str(expected))
        )

    # -- areas ---------------------------------------------------------------------------

    def _resolve_area(self, place: tuple) -> tuple[str, str] | list[ErrorSpec]:
        """Resolve one spelling of a place (the area cells but the village name) to the village
        code and the existing village's name ("" for a new village), or to its errors."""
        areas = self.areas
        raw = dict(zip(self._place_fields, place, strict=True))
        text = {key: _clean_words(value) for key, value in raw.items()}
        errors: list[ErrorSpec] = []

        def error(key, message, kind, expected):
            errors.append((key, cell_text(raw[key]), message, kind, str(expected)))

        district = None
        district_failed = False
        for key in ("district_code", "district"):
            written = text.get(key, "")
            if not written:
                continue
            found = written if _is_digits(written) else areas.district_code(written)
            if found not in areas.districts:
                district_failed = True
                error(
                    key, self._district_unknown(written), "area.district", self._district_expected()
                )
            elif district and found != district:
                district_failed = True
                error(
                    key,
                    _("%(name)s does not match the district code %(code)s.")
                    % {"name": written, "code": district},
                    "area.district",
                    self._district_expected(),
                )
            else:
                district = found

        subdistrict = None
        for key in ("subdistrict_code", "subdistrict"):
            written = text.get(key, "")
            if not written:
                continue
            if _is_digits(written):
                found, message = self._subdistrict_by_code(written, district)
            elif district_failed:
                continue  # the district is already reported; nothing to look the name up in
            else:
                found, message = self._subdistrict_by_name(written, district)
            if found is None:
                error(key, message, "area.subdistrict", self._subdistrict_expected())
            elif subdistrict and found != subdistrict:
                error(
                    key,
                    _("%(name)s does not match the subdistrict code %(code)s.")
                    % {"name": written, "code": subdistrict},
                    "area.subdistrict",
                    self._subdistrict_expected(),
                )
            else:
                subdistrict = found

        moo = None
        if text.get("moo"):
            moo = _moo_number(raw["moo"])
            if moo is None:
                error(
                    "moo",
                    _("“%(value)s” is not a หมู่ที่ (village number).")
                    % {"value": cell_text(raw["moo"])},
                    "area.moo",
                    _("a number from 1 to 99: 3, ๓, ม.3, หมู่ 3 or หมู่ที่ 3"),
                )

        village_code = None
        if written := text.get("village_code"):
            village_code = self._village_code(written, subdistrict, moo, error)

        if errors:
            return errors
        if village_code is None:
            if subdistrict is None:
                key = next(
                    (k for k in ("subdistrict", "subdistrict_code", "village_code") if k in raw),
                    "subdistrict",
                )
                error(
                    key,
                    _("The row does not say which subdistrict the household is in."),
                    "area.required",
                    self._subdistrict_expected(),
                )
                return errors
            if moo is None:
                error(
                    "moo",
                    _("The row does not say the household's หมู่ที่ (village number)."),
                    "area.required",
                    _("a number from 1 to 99: 3, ๓, ม.3, หมู่ 3 or หมู่ที่ 3"),
                )
                return errors
            village_code = f"{subdistrict}{moo:02d}"
        existing = areas.villages.get((village_code[:6], int(village_code[6:])))
        return village_code, existing[1] if existing else ""

    def _district_expected(self) -> str:
        code, name = self.areas.example_district()
        return _(
            "a district of %(province)s, by name (อ.%(name)s or %(name)s) or 4-digit code "
            "(%(code)s)"
        ) % {"province": self.areas.province_name, "name": name, "code": code}

    def _subdistrict_expected(self) -> str:
        code, name = self.areas.example_subdistrict()
        return _(
            "a subdistrict of the row's district, by name (ต.%(name)s or %(name)s) or "
            "6-digit code (%(code)s)"
        ) % {"name": name, "code": code}

    def _district_unknown(self, written: str) -> str:
        areas = self.areas
        if _is_digits(written):
            district = geothai.district(written) if len(written) == 4 else None
            if district:
                province = geothai.province(district.province_code)
                return _(
                    "District code %(code)s is อ.%(name)s in จ.%(other)s, not in %(province)s."
                ) % {
                    "code": written,
                    "name": district.name_th,
                    "other": province.name_th if province else district.province_code,
                    "province": areas.province_name,
                }
            return _("No district of %(province)s has the code “%(code)s”.") % {
                "province": areas.province_name,
                "code": written,
            }
        normalized = geothai.normalize(written)
        for result in geothai.search(written, limit=20):
            if result.level == "district" and normalized in (
                geothai.normalize(result.area.name_th),
                geothai.normalize(result.area.name_en),
            ):
                province = geothai.province(result.area.province_code)
                return _("อ.%(name)s is in จ.%(other)s, not in %(province)s.") % {
                    "name": result.area.name_th,
                    "other": province.name_th if province else result.area.province_code,
                    "province": areas.province_name,
                }
        return _("%(province)s has no district named “%(name)s”.") % {
            "province": areas.province_name,
            "name": written,
        }

    def _subdistrict_by_code(self, code: str, district: str | None) -> tuple[str | None, str]:
        areas = self.areas
        if code in areas.subdistricts:
            in_district = areas.subdistricts[code][0]
            if district is None or in_district == district:
                return code, ""
            return None, _("Subdistrict %(subdistrict)s is not in %(district)s.") % {
                "subdistrict": areas.subdistrict_label(code),
                "district": areas.district_label(district),
            }
        other = geothai.subdistrict(code) if len(code) == 6 else None
        if other:
            province = geothai.province(other.province_code)
            return None, _(
                "Subdistrict code %(code)s is ต.%(name)s in จ.%(other)s, not in %(province)s."
            ) % {
                "code": code,
                "name": other.name_th,
                "other": province.name_th if province else other.province_code,
                "province": areas.province_name,
            }
        return None, _("No subdistrict of %(province)s has the code “%(code)s”.") % {
            "province": areas.province_name,
            "code": code,
        }

    def _subdistrict_by_name(self, written: str, district: str | None) -> tuple[str | None, str]:
        areas = self.areas
        normalized = geothai.normalize(written)
        in_province = areas.subdistricts_named.get(normalized, [])
        if district is not None:
            code = areas.subdistrict_by_name.get((district, normalized))
            if code:
                return code, ""
            if in_province:
                return None, _(
                    "%(district)s has no subdistrict “%(name)s”; the province's %(name)s is "
                    "in %(elsewhere)s."
                ) % {
                    "district": areas.district_label(district),
                    "name": written,
                    "elsewhere": ", ".join(
                        areas.district_label(areas.subdistricts[c][0]) for c in in_province
                    ),
                }
        elif len(in_province) == 1:
            return in_province[0], ""
        elif in_province:
            return None, _(
                "%(province)s has %(count)d subdistricts named “%(name)s” (in %(districts)s); "
                "add the district (อำเภอ) column to say which."
            ) % {
                "province": areas.province_name,
                "count": len(in_province),
                "name": written,
                "districts": ", ".join(
                    areas.district_label(areas.subdistricts[c][0]) for c in in_province
                ),
            }
        elsewhere = [a for a in geothai.match(written) if a.province.code != areas.province_code]
        if elsewhere and not in_province:
            return None, _("ต.%(name)s is in %(places)s, not in %(province)s.") % {
                "name": elsewhere[0].subdistrict.name_th,
                "places": ", ".join(
                    f"อ.{a.district.name_th} จ.{a.province.name_th}" for a in elsewhere[:3]
                ),
                "province": areas.province_name,
            }
        if district is not None:
            return None, _("%(district)s has no subdistrict named “%(name)s”.") % {
                "district": areas.district_label(district),
                "name": written,
            }
        return None, _("%(province)s has no subdistrict named “%(name)s”.") % {
            "province": areas.province_name,
            "name": written,
        }

    def _village_code(self, written: str, subdistrict, moo, error) -> str | None:
        areas = self.areas
        expected = _("8 digits: the subdistrict's code and the หมู่ที่, e.g. %(example)s") % {
            "example": f"{areas.example_subdistrict()[0]}03"
        }
        if len(written) != 8 or not _is_digits(written) or not 1 <= int(written[6:]) <= 99:
            error(
                "village_code",
                _("“%(value)s” is not a village code.") % {"value": written},
                "area.village_code",
                expected,
            )
            return None
        found, message = self._subdistrict_by_code(written[:6], None)
        if found is None:
            error("village_code", message, "area.village_code", expected)
            return None
        if subdistrict and subdistrict != found:
            error(
                "village_code",
                _("Village code %(code)s is not in subdistrict %(subdistrict)s.")
                % {"code": written, "subdistrict": areas.subdistrict_label(subdistrict)},
                "area.village_code",
                expected,
            )
            return None
        if moo is not None and moo != int(written[6:]):
            error(
                "village_code",
                _("Village code %(code)s does not match หมู่ที่ %(moo)d.")
                % {"code": written, "moo": moo},
                "area.village_code",
                expected,
            )
            return None
        return written

    # -- household fields ----------------------------------------------------------------

    def _house_no(self, row_number, raw, errors) -> str:
        if type(raw) is str:
            house_no = _ascii_digits(" ".join(raw.split()))
        elif isinstance(raw, (date, datetime)):
            # Excel reads "12/3" as 12 March (or 3 December): the number cannot be recovered.
            self._error(
                errors,
                row_number,
                "house_no",
                raw,
                _(
                    "Excel turned this house number into a date (%(value)s). Format the column "
                    "as Text and type the house number again."
                )
                % {"value": cell_text(raw)},
                "house_no.date",
                _("the house number as written on the house, e.g. 12/3 (column as Text)"),
            )
            return ""
        else:
            house_no = _clean(raw)
        if not house_no:
            self._error(
                errors,
                row_number,
                "house_no",
                raw,
                _("The house number (บ้านเลขที่) is missing."),
                "house_no.required",
                _("the house number as written on the house, e.g. 12 or 12/3"),
            )
        elif len(house_no) > _LENGTHS["house_no"]:
            self._too_long(errors, row_number, "house_no", raw)
        return house_no

    def _too_long(self, errors, row_number, key, raw) -> None:
        self._error(
            errors,
            row_number,
            key,
            raw,
            _("This is longer than the %(count)d characters the field holds.")
            % {"count": _LENGTHS[key]},
            f"{key}.too_long",
            _("at most %(count)d characters") % {"count": _LENGTHS[key]},
        )

    def _house_code(self, row_number, cells, errors) -> str:
        column = self._column["house_code"]
        if column is None:
            return ""
        raw = cells[column]
        text = _clean(raw)
        if not text:
            return ""
        digits = text.lstrip("'").replace("-", "").replace(" ", "")
        if len(digits) != 11 or not _is_digits(digits):
            self._error(
                errors,
                row_number,
                "house_code",
                raw,
                _("“%(value)s” is not a house code (รหัสประจำบ้าน), which has 11 digits.")
                % {"value": cell_text(raw)},
                "house_code.invalid",
                _("11 digits, e.g. 5007-012345-6, or empty"),
            )
        return digits

    def _names(self, row_number, cells, errors) -> tuple[str, str, str]:
        column = self._column
        prefix = first = ""
        if column["prefix"] is not None:
            prefix = _clean_words(cells[column["prefix"]])
        if column["first_name"] is not None:
            first = _clean_words(cells[column["first_name"]])
        if self._split_names:
            # One column for the whole name: "นายสมชาย ใจดี".
            written_prefix, first = _split_prefix(first)
            first, _space, last = first.partition(" ")
            prefix = prefix or written_prefix
        else:
            last = _clean_words(cells[column["last_name"]])
        if not first:
            self._error(
                errors,
                row_number,
                "first_name",
                cells[column["first_name"]] if column["first_name"] is not None else "",
                _("The head of household's first name is missing."),
                "first_name.required",
                _("the first name of the head of household"),
            )
        for key, value in (("prefix", prefix), ("first_name", first), ("last_name", last)):
            if len(value) > _LENGTHS[key]:
                index = column[key] if column[key] is not None else column["first_name"]
                self._too_long(errors, row_number, key, cells[index])
        return prefix, first, last

    def _citizen_id(self, row_number, raw, errors) -> str:
        value = raw
        if type(raw) is str:
            # Most IDs are 13 plain digits: checked without normalize_citizen_id's clean-up.
            if len(raw) == 13 and raw.isdigit() and raw.isascii() and is_valid_citizen_id(raw):
                return raw
            value = raw.strip().lstrip("'")  # a leading ' is how people force Excel to keep text
        try:
            return normalize_citizen_id(value)
        except CitizenIDError as error:
            # PDPA: the error list is stored and shown; a mistyped ID is still a person's ID.
            errors.append(
                CellError(
                    row_number,
                    self._label["citizen_id"],
                    mask_id_digits(cell_text(raw)),
                    masked_citizen_id_message(error),
                    f"citizen_id.{error.code}",
                    str(_CITIZEN_ID_EXPECTED),
                )
            )
            return ""

    def _members(self, row_number, cells, errors) -> int:
        column = self._column["members"]
        raw = cells[column] if column is not None else ""
        kind = type(raw)
        if kind is int or (kind is float and raw.is_integer()) or (kind is str and _is_digits(raw)):
            members = int(raw)
        else:
            members = 0
            if kind is not bool and _clean(raw):
                try:
                    members = parse_thai_int(raw)
                except ValidationError:
                    members = -1
        if not 1 <= members <= MAX_MEMBERS:
            empty = members == 0 and not _clean(raw)
            self._error(
                errors,
                row_number,
                "members",
                raw,
                _("The number of household members is missing.")
                if empty
                else _("“%(value)s” is not a number of household members.")
                % {"value": cell_text(raw)},
                "members.required" if empty else "members.invalid",
                _("a whole number from 1 to %(max)d, e.g. 4") % {"max": MAX_MEMBERS},
            )
            return 0
        return members

    def _income(self, row_number, cells, errors) -> Decimal:
        column = self._column["income"]
        raw = cells[column] if column is not None else ""
        kind = type(raw)
        income = None
        if kind is float or kind is int:  # a number cell, the usual case in .xlsx
            income = Decimal(str(raw)) if raw == raw and abs(raw) != float("inf") else None
        elif kind is str and _is_digits(raw):
            income = Decimal(raw)
        elif kind is str and _THOUSANDS.fullmatch(raw):  # "38,000" as Excel's CSV writes it
            income = Decimal(raw.replace(",", ""))
        elif kind is not bool and _clean(raw):
            try:
                income = parse_thai_decimal(raw)
            except (ValidationError, ArithmeticError, TypeError):
                income = None
        if income is None or not 0 <= income <= _MAX_INCOME:
            empty = not _clean(raw)
            self._error(
                errors,
                row_number,
                "income",
                raw,
                _("The income per person per year is missing.")
                if empty
                else _("“%(value)s” is not an income in baht per person per year.")
                % {"value": cell_text(raw)},
                "income.required" if empty else "income.invalid",
                _("baht per person per year, 0 or more: 38000, 38,000, ๓๘,๐๐๐ or 38000.50"),
            )
            return Decimal(0)
        return income.quantize(_CENT, ROUND_HALF_UP)

    def _indicators(self, row_number, cells, errors) -> tuple[int, ...]:
        column = self._column["failed_indicators"]
        if column is None:
            return ()
        raw = cells[column]
        # Keyed with the type for non-text cells: True == 1 and 22.0 == 22 as dict keys.
        key = raw if type(raw) is str else (type(raw), raw)
        result = self._indicator_cache.get(key)
        if result is None:
            result = self._read_indicators(raw)
            if len(self._indicator_cache) < 100_000:
                self._indicator_cache[key] = result
        if result and type(result[0]) is str:
            errors.append(CellError(row_number, self._label["failed_indicators"], *result))
            return ()
        return result

    def _read_indicators(self, raw) -> tuple[int, ...] | tuple[str, str, str, str, str]:
        valid = self.indicator_numbers
        numbers_text = (
            f"{min(valid)}–{max(valid)}"
            if valid and len(valid) == max(valid) - min(valid) + 1
            else ", ".join(map(str, sorted(valid)))
        )
        expected = _(
            "indicator numbers %(numbers)s separated by commas, e.g. 4, 22; empty or - when "
            "none failed"
        ) % {"numbers": numbers_text}
        if isinstance(raw, float) and raw.is_integer():
            raw_text = str(int(raw))
        elif isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raw_text = cell_text(raw)
        else:
            raw_text = str(raw)
        text = to_ascii_digits(raw_text).strip()
        if text.casefold() in _NO_INDICATORS:
            return ()
        if not _INDICATOR_LIST.fullmatch(text):
            return (
                cell_text(raw),
                _("“%(value)s” is not a list of indicator numbers.") % {"value": cell_text(raw)},
                "indicators.invalid",
                expected,
            )
        numbers = sorted({int(number) for number in _DIGIT_RUNS.findall(text)})
        unknown = [number for number in numbers if number not in valid]
        if unknown:
            return (
                cell_text(raw),
                _("This round's indicator set has no indicator %(unknown)s; it has %(numbers)s.")
                % {"unknown": ", ".join(map(str, unknown)), "numbers": numbers_text},
                "indicators.unknown",
                expected,
            )
        return tuple(numbers)

    def _phone(self, row_number, cells, errors) -> str:
        column = self._column["phone"]
        if column is None:
            return ""
        raw = cells[column]
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            # A number cell lost the leading 0 every Thai phone number has (081 234 5678).
            phone = _clean(raw)
            if _is_digits(phone) and len(phone) in (8, 9):
                phone = "0" + phone
        else:
            phone = _clean_words(raw).lstrip("'")
        if len(phone) > _LENGTHS["phone"]:
            self._too_long(errors, row_number, "phone", raw)
        return phone


def _split_prefix(name: str) -> tuple[str, str]:
    """("นาย", "สมชาย ใจดี") from "นายสมชาย ใจดี"; ("", name) when it has no known prefix."""
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return prefix, name[len(prefix) :].lstrip()
    folded = name.casefold()
    for prefix in _ENGLISH_PREFIXES:
        if folded.startswith(prefix + " ") or (prefix.endswith(".") and folded.startswith(prefix)):
            return name[: len(prefix)], name[len(prefix) :].lstrip()
    return "", name


def _moo_number(raw) -> int | None:
    """หมู่ที่ from 3, 3.0, "03", "๓", "ม.3", "ม. 3", "หมู่ 3", "หมู่ที่ 3", "Moo 3"."""
    if isinstance(raw, float):
        if not raw.is_integer():
            return None
        raw = int(raw)
    text = _clean_words(raw).casefold()
    for prefix in _MOO_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    text = text.rstrip(".")
    if not _is_digits(text):
        return None
    moo = int(text)
    return moo if 1 <= moo <= 99 else None


# Personal data in error messages -------------------------------------------------------------

ID_DIGITS_SHOWN = 4  # enough, with the row number, to find the cell; not enough to be an ID
_DIGIT = re.compile(r"[0-9๐-๙]")
_SCIENTIFIC = re.compile(r"[0-9๐-๙]+(?:[.,][0-9๐-๙]*)?[eE][+-]?[0-9๐-๙]+")


def mask_id_digits(text: str, *, keep: int = ID_DIGITS_SHOWN) -> str:
    """`text` with every digit but the last `keep` replaced by x ("x-xxxx-xxxxx-12-3"): what an
    error list may store or show of a mistyped citizen ID. A value in scientific notation is
    kept: its lost digits are the error, and it no longer holds the ID."""
    if _SCIENTIFIC.fullmatch(text.strip()):
        return text
    total = len(_DIGIT.findall(text))
    seen = 0

    def hide(match: re.Match) -> str:
        nonlocal seen
        seen += 1
        return match.group() if seen > total - keep else "x"

    return _DIGIT.sub(hide, text)


def masked_citizen_id_message(error: CitizenIDError) -> str:
    """The error's message with the ID values it quotes masked (counts and digits kept)."""
    params = dict(error.params or {})
    for name in ("value", "probable"):
        if name in params:
            params[name] = mask_id_digits(str(params[name]))
    return str(error.message) % params if params else str(error.message)
