"""The จปฐ. template's fields and every header spelling that names them."""

import re

FIELD_LABELS = {
    "seq": "ลำดับ",
    "district": "อำเภอ",
    "district_code": "รหัสอำเภอ",
    "subdistrict": "ตำบล",
    "subdistrict_code": "รหัสตำบล",
    "moo": "หมู่ที่",
    "village_name": "ชื่อหมู่บ้าน",
    "village_code": "รหัสหมู่บ้าน",
    "house_no": "บ้านเลขที่",
    "house_code": "รหัสประจำบ้าน",
    "prefix": "คำนำหน้า",
    "first_name": "ชื่อ",
    "last_name": "นามสกุล",
    "citizen_id": "เลขประจำตัวประชาชน",
    "members": "จำนวนสมาชิก",
    "income": "รายได้เฉลี่ยต่อคนต่อปี",
    "failed_indicators": "ตัวชี้วัดที่ไม่ผ่าน",
    "phone": "เบอร์โทรศัพท์",
    "note": "หมายเหตุ",
}
"""Each field's Thai label in the canonical template."""

FIELDS = tuple(FIELD_LABELS)

TEMPLATE_FIELDS = (
    "seq",
    "district",
    "subdistrict",
    "moo",
    "village_name",
    "house_no",
    "house_code",
    "prefix",
    "first_name",
    "last_name",
    "citizen_id",
    "members",
    "income",
    "failed_indicators",
    "phone",
    "note",
)
"""The canonical template's columns, in order (the template download and the export)."""

TEMPLATE_HEADERS = [FIELD_LABELS[key] for key in TEMPLATE_FIELDS]

_ALIASES = {
    "seq": ["ลำดับ", "ลำดับที่", "ที่", "No.", "No", "Seq", "#"],
    "district": ["อำเภอ", "อ.", "ชื่ออำเภอ", "เขต", "District", "Amphoe", "Amphur"],
    "district_code": ["รหัสอำเภอ", "District code", "Amphoe code"],
    "subdistrict": ["ตำบล", "ต.", "ชื่อตำบล", "แขวง", "Subdistrict", "Sub-district", "Tambon"],
    "subdistrict_code": ["รหัสตำบล", "Subdistrict code", "Sub-district code", "Tambon code"],
    "moo": ["หมู่ที่", "หมู่", "ม.", "Moo", "Village No.", "Village number", "Moo No."],
    "village_name": ["ชื่อหมู่บ้าน", "หมู่บ้าน", "Village", "Village name"],
    "village_code": ["รหัสหมู่บ้าน", "Village code"],
    "house_no": ["บ้านเลขที่", "เลขที่บ้าน", "เลขที่", "House No.", "House number", "Address no."],
    "house_code": ["รหัสประจำบ้าน", "รหัสบ้าน", "House code", "House ID"],
    "prefix": ["คำนำหน้า", "คำนำหน้าชื่อ", "คำนำหน้านาม", "Prefix", "Title"],
    "first_name": [
        "ชื่อ",
        "ชื่อหัวหน้าครัวเรือน",
        "หัวหน้าครัวเรือน",
        # A single column with prefix, first and last name: split when there is no last name
        # column (see RowParser).
        "ชื่อ-สกุล",
        "ชื่อ-นามสกุล",
        "ชื่อสกุล",
        "ชื่อ-สกุลหัวหน้าครัวเรือน",
        "ชื่อ-นามสกุลหัวหน้าครัวเรือน",
        "First name",
        "Firstname",
        "Given name",
        "Name",
        "Full name",
        "Head of household",
    ],
    "last_name": ["นามสกุล", "สกุล", "Last name", "Lastname", "Surname", "Family name"],
    "citizen_id": [
        "เลขประจำตัวประชาชน",
        "เลขบัตรประจำตัวประชาชน",
        "บัตรประชาชน",
        "เลขบัตร",
        "เลขที่บัตรประชาชน",
        "เลขบัตรประชาชน",
        "เลขประจำตัวประชาชนหัวหน้าครัวเรือน",
        "Citizen ID",
        "National ID",
        "ID card",
        "ID card no.",
        "PID",
    ],
    "members": [
        "จำนวนสมาชิก",
        "จำนวนคน",
        "สมาชิก",
        "จำนวนสมาชิกในครัวเรือน",
        "จำนวนสมาชิกครัวเรือน",
        "Members",
        "Household members",
        "Number of members",
    ],
    "income": [
        "รายได้เฉลี่ยต่อคนต่อปี",
        "รายได้ต่อคนต่อปี",
        "รายได้เฉลี่ย",
        "รายได้",
        "Income per person per year",
        "Income per person",
        "Income",
    ],
    "failed_indicators": [
        "ตัวชี้วัดที่ไม่ผ่าน",
        "ตัวชี้วัดที่ไม่ผ่านเกณฑ์",
        "ข้อที่ไม่ผ่าน",
        "ข้อที่ไม่ผ่านเกณฑ์",
        "จปฐ.ที่ไม่ผ่าน",
        "Failed indicators",
        "Indicators failed",
    ],
    "phone": [
        "เบอร์โทรศัพท์",
        "เบอร์โทร",
        "โทรศัพท์",
        "โทร",
        "หมายเลขโทรศัพท์",
        "Phone",
        "Telephone",
        "Tel",
        "Mobile",
    ],
    "note": ["หมายเหตุ", "Note", "Notes", "Remark", "Remarks"],
}

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def header_key(text: object) -> str:
    """A header cell in the form it is compared in: bracketed parts, whitespace (line breaks
    too, Thai has no spaces between words) and trailing dots or colons removed, casefolded."""
    text = _BRACKETED.sub("", str(text))
    return "".join(text.split()).strip("*").rstrip(".:").casefold()


HEADER_ALIASES = {header_key(alias): key for key, aliases in _ALIASES.items() for alias in aliases}
"""Every header spelling we recognise, in header_key() form, and the field it names."""

AREA_FIELDS = (
    "district",
    "district_code",
    "subdistrict",
    "subdistrict_code",
    "moo",
    "village_code",
    "village_name",
)
"""Area columns, broadest first: these are filled down when a merged cell leaves them empty."""

_HOUSEHOLD_FIELDS = (
    "house_no",
    "house_code",
    "prefix",
    "first_name",
    "last_name",
    "citizen_id",
    "members",
    "income",
    "failed_indicators",
    "phone",
)
