"""The MOU summary for the signing ceremony, rendered to PDF by WeasyPrint.

The Thai font is the vendored Sarabun (static/vendor/sarabun), embedded in the PDF, so the
document looks the same on every machine. Its woff2 files come as a Thai and a Latin subset.
WeasyPrint does not choose between the faces of one family by `unicode-range` (digits came
out of the Thai subset as empty boxes), so each subset is a family of its own and the page
asks for the Latin one first, then the Thai one.

The page holds text people typed. The renderer may fetch these font files and the print
stylesheet and nothing else: no network, no other local file.
"""

import functools
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .models import MOU, MOUStatus

PRINT_STYLESHEET = "css/mou-print.css"
FONT_SUBSETS = ("latin", "thai")
FONT_WEIGHTS = (400, 700)
TEMPLATE = "agencies/mou_summary_pdf.html"


def _static_file(relative: str) -> Path:
    found = finders.find(relative)
    if not found:
        raise ImproperlyConfigured(f"static/{relative} is missing; the MOU summary needs it.")
    return Path(found)


@functools.cache
def _print_assets() -> tuple[str, Path, frozenset[str]]:
    """The @font-face rules, the print stylesheet and the file URIs the renderer may read."""
    rules, allowed = [], set()
    for subset in FONT_SUBSETS:
        for weight in FONT_WEIGHTS:
            font = _static_file(f"vendor/sarabun/sarabun-{subset}-{weight}-normal.woff2")
            allowed.add(font.as_uri())
            rules.append(
                f'@font-face {{ font-family: "Sarabun {subset}"; font-weight: {weight}; '
                f'src: url("{font.as_uri()}") format("woff2"); }}'
            )
    stylesheet = _static_file(PRINT_STYLESHEET)
    allowed.add(stylesheet.as_uri())
    return "\n".join(rules), stylesheet, frozenset(allowed)


class _OnlyThese(URLFetcher):
    """A fetcher that reads the listed local files and refuses every other URL."""

    def __init__(self, allowed: frozenset[str]) -> None:
        super().__init__(allowed_protocols=("file",))
        self._allowed = allowed

    def fetch(self, url, headers=None):
        if url.split("?", 1)[0] not in self._allowed:
            raise ValueError(f"The MOU summary does not load {url}")
        return super().fetch(url, headers)


def _governor_title(mou: MOU) -> str:
    """ผู้ว่าราชการจังหวัด, the default title, is completed with the province's name."""
    title = mou.governor_title.strip()
    if title.endswith("จังหวัด"):
        return title + mou.province.name_th
    return title


def mou_summary_context(mou: MOU) -> dict:
    """What the summary shows: the MOU, its signatories and the pledges the viewer may see.

    `mou` comes from `get_mou_for_user_or_404`, which has prefetched its signatories (with
    their agencies) and `visible_pledges` (with agencies and districts): no query here.
    """
    pledges = mou.visible_pledges
    return {
        "mou": mou,
        "governor_title": _governor_title(mou),
        "signatories": list(mou.signatories.all()),
        "pledges": pledges,
        "total_households": sum(p.households_pledged for p in pledges),
        "total_budget": sum((p.budget for p in pledges), Decimal(0)),
        "is_draft": mou.status == MOUStatus.DRAFT,
        "printed_on": timezone.localdate(),
    }


def mou_summary_pdf(mou: MOU) -> bytes:
    """The MOU summary as PDF bytes, in Thai whatever the viewer's language."""
    faces, stylesheet, allowed = _print_assets()
    fetcher = _OnlyThese(allowed)
    fonts = FontConfiguration()
    with translation.override("th"):
        html = render_to_string(TEMPLATE, mou_summary_context(mou))
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[
            CSS(string=faces, font_config=fonts, url_fetcher=fetcher),
            CSS(filename=str(stylesheet), font_config=fonts, url_fetcher=fetcher),
        ],
        font_config=fonts,
    )
