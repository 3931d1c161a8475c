"""The fair's official letters (หนังสือภายนอก), printed to PDF by WeasyPrint with Sarabun.

One letter or a batch of hundreds is one HTML document (a page break between letters)
rendered once: WeasyPrint lays out the fonts and the stylesheet once per document, so a
batch costs little more per page than the same static page repeated (bench_letters).

The wording is Thai whatever the officer's language: these are Thai government letters, so
their text lives in templates/events/letter_*.html rather than in the catalogue. Numbers,
dates and the ที่ number are printed in Thai digits, as official letters are.

The emblem (ครุฑ) is the province's upload; agencies.pdf.render_thai_pdf serves it from
memory under a fixed URL and reads nothing else besides its fonts and stylesheets.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from povertyprog.accounts.access import users_with_perm
from povertyprog.accounts.roles import Perm
from povertyprog.areas.models import District
from povertyprog.thai.formats import format_thai_date, to_thai_digits

from .codes import code_display
from .models import Fair, Invitation, Letterhead, LetterKind

STYLESHEET = "css/letter-print.css"
TEMPLATE = "events/letter_pdf.html"
PAGE_TEMPLATE = "events/letter_page.html"  # one letter: the page the batch repeats
REPEAT_TEMPLATE = "events/letter_repeat.html"  # bench_letters' static baseline
EMBLEM_URL = "file:///letterhead/emblem"  # served from memory, never read from disk


def rsvp_path(code: str) -> str:
    """The invitation's self-service page."""
    return reverse("events:rsvp_public", args=[code])


def rsvp_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + rsvp_path(code)


def qr_svg(text: str) -> str:
    """The QR code of `text` as inline SVG (no XML declaration), 3 cm wide in print."""
    qr = segno.make(text, error="m", micro=False)
    return qr.svg_inline(scale=4, border=2, omitsize=True, svgclass="qr")


def thai_date_long(d) -> str:
    """๕ ธันวาคม ๒๕๖๙: the date of an official letter."""
    return format_thai_date(d, long=True, thai_digits=True)


def thai_time(dt) -> str:
    return to_thai_digits(f"{timezone.localtime(dt):%H.%M}") + " น."


@dataclass
class Letter:
    """One printed letter: who it goes to and what it says beyond the fair's facts."""

    number: int
    recipient: str  # after เรียน
    kind: str
    address: str = ""
    code: str = ""
    code_shown: str = ""
    qr: str = ""
    contact: str = ""
    quota: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def number_th(self) -> str:
        return to_thai_digits(str(self.number))


def _contact_of_district(district: District) -> str:
    """The district office to call: its first active district-level fair officer's name
    and phone when there is one, else the office itself (สำนักงานพัฒนาชุมชนอำเภอ…)."""
    office = f"สำนักงานพัฒนาชุมชนอำเภอ{district.name_th}"
    officer = (
        users_with_perm(Perm.MANAGE_FAIR, [district.code])
        .filter(area_scope=district.code)
        .order_by("pk")
        .first()
    )
    if officer is None:
        return office
    name = officer.get_full_name() or officer.username
    phone = f" โทร. {to_thai_digits(officer.phone)}" if officer.phone else ""
    return f"{name} {office}{phone}"


def invitation_letters(invitations: Iterable[Invitation], numbers: dict[int, int]) -> list[Letter]:
    """The letters of these invitations (select_related their households, villages and
    surveys); `numbers` gives each invitation's running number."""
    contacts: dict[str, str] = {}
    letters = []
    for invitation in invitations:
        survey = invitation.target.survey
        household = invitation.target.household
        village = household.village
        district = village.subdistrict.district
        if district.code not in contacts:
            contacts[district.code] = _contact_of_district(district)
        letters.append(
            Letter(
                number=numbers.get(invitation.pk, invitation.pk),
                recipient=survey.head_name,
                kind=LetterKind.HOUSEHOLD,
                address=to_thai_digits(
                    f"บ้านเลขที่ {household.house_no} หมู่ที่ {village.moo} {village.name_th} "
                    f"ตำบล{village.subdistrict.name_th} อำเภอ{district.name_th}"
                ),
                code=invitation.code,
                code_shown=code_display(invitation.code),
                qr=qr_svg(rsvp_url(invitation.code)),
                contact=contacts[district.code],
            )
        )
    return letters


def district_letters(fair: Fair, districts: Iterable[District]) -> list[Letter]:
    quotas = dict(fair.quotas.values_list("district_id", "quota"))
    return [
        Letter(
            number=index,
            recipient=f"นายอำเภอ{district.name_th}",
            kind=LetterKind.DISTRICT,
            quota=quotas.get(district.code),
        )
        for index, district in enumerate(districts, start=1)
    ]


def agency_letters(agencies: Iterable) -> list[Letter]:
    return [
        Letter(
            number=index,
            recipient=agency.head_title or f"หัวหน้า{agency.name_th}",
            kind=LetterKind.AGENCY,
        )
        for index, agency in enumerate(agencies, start=1)
    ]


def fair_facts(fair: Fair) -> dict:
    starts, ends = timezone.localtime(fair.starts_at), timezone.localtime(fair.ends_at)
    same_day = starts.date() == ends.date()
    when = thai_date_long(starts.date())
    if not same_day:
        when += " ถึงวันที่ " + thai_date_long(ends.date())
    return {
        "fair": fair,
        "fair_date": when,
        "fair_time": f"{thai_time(starts)} ถึง {thai_time(ends)}" if same_day else thai_time(starts),
        "rsvp_deadline": thai_date_long(fair.rsvp_deadline),
        "programme_year": to_thai_digits(str(fair.programme.fiscal_year_be)),
    }


def letterhead_of(province_id: str) -> Letterhead | None:
    return Letterhead.objects.filter(province_id=province_id).first()


def letters_context(fair: Fair, letterhead: Letterhead | None, letters: list[Letter]) -> dict:
    return {
        **fair_facts(fair),
        "letterhead": letterhead,
        "reference_prefix": to_thai_digits(letterhead.reference_prefix) if letterhead else "",
        "emblem_url": EMBLEM_URL if letterhead and letterhead.emblem else "",
        "letters": letters,
        "dated": thai_date_long(timezone.localdate()),
    }


def _emblem_bytes(letterhead: Letterhead | None) -> bytes | None:
    if not letterhead or not letterhead.emblem:
        return None
    with letterhead.emblem.open("rb") as stream:
        return stream.read()


def letters_pdf(fair: Fair, letters: list[Letter]) -> bytes:
    """The letters as one PDF document, one A4 page each."""
    from agencies.pdf import render_thai_pdf  # WeasyPrint loads only when letters print

    letterhead = letterhead_of(fair.programme.province_id)
    emblem = _emblem_bytes(letterhead)
    return render_thai_pdf(
        TEMPLATE,
        letters_context(fair, letterhead, letters),
        stylesheet=STYLESHEET,
        images={EMBLEM_URL: emblem} if emblem else None,
    )


def static_pages_pdf(fair: Fair, letter: Letter, count: int) -> bytes:
    """The baseline of bench_letters: one letter's page rendered to HTML once and repeated
    `count` times in one document (what WeasyPrint alone costs for that many pages)."""
    from agencies.pdf import render_thai_pdf

    letterhead = letterhead_of(fair.programme.province_id)
    emblem = _emblem_bytes(letterhead)
    context = letters_context(fair, letterhead, [letter])
    with translation.override("th"):
        page = render_to_string(PAGE_TEMPLATE, {**context, "letter": letter})
    return render_thai_pdf(
        REPEAT_TEMPLATE,
        {"fair": fair, "pages": [page] * count},
        stylesheet=STYLESHEET,
        images={EMBLEM_URL: emblem} if emblem else None,
    )
