"""Canonical จปฐ. files for pipeline tests, written in the import template's columns."""

import csv
from pathlib import Path

from povertyprog.thai.formats import citizen_id_check_digit

HEADERS = [
    "ลำดับ",
    "อำเภอ",
    "ตำบล",
    "หมู่ที่",
    "ชื่อหมู่บ้าน",
    "บ้านเลขที่",
    "รหัสประจำบ้าน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เลขประจำตัวประชาชน",
    "จำนวนสมาชิก",
    "รายได้เฉลี่ยต่อคนต่อปี",
    "ตัวชี้วัดที่ไม่ผ่าน",
    "เบอร์โทรศัพท์",
    "หมายเหตุ",
]


def citizen_id(n: int) -> str:
    first12 = f"3500{n:08d}"
    return first12 + str(citizen_id_check_digit(first12))


def household_row(n: int, **changes) -> dict:
    row = {
        "ลำดับ": n,
        "อำเภอ": "แม่ริม",
        "ตำบล": "ริมใต้",
        "หมู่ที่": 1 + n % 3,
        "ชื่อหมู่บ้าน": f"บ้านทดสอบ {1 + n % 3}",
        "บ้านเลขที่": f"{n}/1",
        "รหัสประจำบ้าน": "",
        "คำนำหน้า": "นาง",
        "ชื่อ": f"บัวคำ{n}",
        "นามสกุล": "ใจดี",
        "เลขประจำตัวประชาชน": citizen_id(n),
        "จำนวนสมาชิก": 4,
        "รายได้เฉลี่ยต่อคนต่อปี": 30000 + n,
        "ตัวชี้วัดที่ไม่ผ่าน": "4, 22",
        "เบอร์โทรศัพท์": "",
        "หมายเหตุ": "",
    }
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADERS)
        writer.writeheader()
        writer.writerows(rows)
    return path
