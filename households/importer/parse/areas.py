"""The province's districts, subdistricts and villages, loaded once per file."""

import geothai

from povertyprog.areas.models import District, Subdistrict, Village


class AreaIndex:
    """A province's districts, subdistricts and villages, held in dicts for name look-ups.

    Loaded with one query per level, so resolving 500,000 rows costs no queries at all.
    """

    def __init__(self, province_code: str, districts, subdistricts, villages):
        self.province_code = province_code
        province = geothai.province(province_code)
        self.province_name = province.name_th if province else province_code
        self.districts: dict[str, str] = {}  # code → Thai name
        self.district_by_name: dict[str, str] = {}  # normalised name → code
        for code, name_th, name_en in districts:
            self.districts[code] = name_th
            self.district_by_name[geothai.normalize(name_th)] = code
            if name_en:
                self.district_by_name.setdefault(geothai.normalize(name_en), code)
        self.subdistricts: dict[str, tuple[str, str]] = {}  # code → (district code, Thai name)
        self.subdistrict_by_name: dict[tuple[str, str], str] = {}  # (district, name) → code
        self.subdistricts_named: dict[str, list[str]] = {}  # name → codes in the province
        for code, district_code, name_th, name_en in subdistricts:
            self.subdistricts[code] = (district_code, name_th)
            for name in {geothai.normalize(name_th), geothai.normalize(name_en or name_th)}:
                self.subdistrict_by_name.setdefault((district_code, name), code)
                self.subdistricts_named.setdefault(name, []).append(code)
        self.villages: dict[tuple[str, int], tuple[str, str]] = {
            (code[:6], int(code[6:])): (code, name) for code, name in villages
        }

    @classmethod
    def for_province(cls, province_code: str) -> "AreaIndex":
        return cls(
            province_code,
            District.objects.filter(province_id=province_code).values_list(
                "code", "name_th", "name_en"
            ),
            Subdistrict.objects.filter(district__province_id=province_code).values_list(
                "code", "district_id", "name_th", "name_en"
            ),
            Village.objects.filter(code__startswith=province_code).values_list("code", "name_th"),
        )

    def district_code(self, name: str) -> str | None:
        """The code of the province's district written ``name`` (อ.แม่ริม, อำเภอแม่ริม, Mae Rim)."""
        normalized = geothai.normalize(name)
        code = self.district_by_name.get(normalized)
        if code is None:
            # "อ.เมือง" is the capital district: geothai knows the rule.
            for district in geothai.districts(self.province_code):
                if district.code in self.districts and geothai.is_district(district, normalized):
                    return district.code
        return code

    def district_label(self, code: str) -> str:
        return f"อ.{self.districts[code]} ({code})"

    def subdistrict_label(self, code: str) -> str:
        district_code, name = self.subdistricts[code]
        return f"ต.{name} ({code}) อ.{self.districts.get(district_code, district_code)}"

    def example_district(self) -> tuple[str, str]:
        code = min(self.districts, default=f"{self.province_code}01")
        return code, self.districts.get(code, "")

    def example_subdistrict(self) -> tuple[str, str]:
        code = min(self.subdistricts, default=f"{self.province_code}0101")
        return code, self.subdistricts.get(code, ("", ""))[1]
