"""The MOU summary for the signing ceremony, rendered to PDF by WeasyPrint.

The Thai font is the vendored Sarabun (static/vendor/sarabun), embedded in the PDF, so the
document looks the same on every machine. Its woff2 files come as a Thai and a Latin subset.
WeasyPrint does not choose between the faces of one family by `unicode-range` (digits came
out of the Thai subset as empty boxes), so each subset is a family of its own and the page
asks for the Latin one first, then the Thai one.

The page holds text people typed. The renderer may fetch these font files and the print
stylesheet and nothing else: no network, no other local file.

Copying Thai out of the PDF. HarfBuzz's Thai shaper always splits SARA AM (ำ) into NIKHAHIT
(ํ) + SARA AA (า) glyphs, and WeasyPrint writes one ToUnicode entry per glyph, taken from
the first cluster the glyph appears in. The AA glyph is shared by า and ำ, so one of them
came out wrong in every copied word ("สานักงาน" for "สำนักงาน", or "งำน" for "งาน"), and
marks merged into a reordered cluster mapped to nothing. Two steps fix it (measured by
tests/agencies/test_pdf.py with pypdf):

1. The Thai faces get one more glyph, a copy of SARA AA used only after NIKHAHIT (a
   contextual substitution added to the font's `ccmp`): า and the า of ำ are now two
   glyphs that look the same.
2. A finisher rewrites the Thai faces' ToUnicode map from the font itself: every glyph maps
   to its own character (alternates and ligatures to their sources', found through GSUB),
   NIKHAHIT to nothing and the copied AA to ำ, whatever cluster it first appeared in.
"""

import copy
import functools
import io
import re
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone, translation
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.ttLib import TTFont
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from povertyprog.accounts.access import area_scope_of
from povertyprog.areas.models import District

from .models import MOU, MOUStatus

PRINT_STYLESHEET = "css/mou-print.css"
BASE_STYLESHEET = "css/print-base.css"  # what every printed document shares
FONT_SUBSETS = ("latin", "thai")
FONT_WEIGHTS = (400, 700)
TEMPLATE = "agencies/mou_summary_pdf.html"
THAI_FAMILY = "Sarabun thai"
NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
AM_AA_GLYPH = "uni0E32.am"  # the copy of SARA AA that stands for the AA half of SARA AM


def _static_file(relative: str) -> Path:
    found = finders.find(relative)
    if not found:
        raise ImproperlyConfigured(f"static/{relative} is missing; the printed documents need it.")
    return Path(found)


# The Thai faces, made copyable ------------------------------------------------------------


def _glyph_texts(font: TTFont) -> dict[str, str]:
    """The text each glyph stands for: its character from the cmap; alternates and ligatures
    made by GSUB take their sources' text; NIKHAHIT (only ever the shaper's half of SARA AM)
    stands for nothing and the copied AA for the whole ำ."""
    texts = {name: chr(code) for code, name in sorted(font.getBestCmap().items(), reverse=True)}
    subtables = [
        subtable.ExtSubTable if subtable.LookupType == 7 else subtable
        for lookup in font["GSUB"].table.LookupList.Lookup
        for subtable in lookup.SubTable
    ]
    grew = True
    while grew:
        grew = False
        for subtable in subtables:
            pairs = []
            if subtable.LookupType == 1:
                pairs = [(target, [source]) for source, target in subtable.mapping.items()]
            elif subtable.LookupType == 4:
                pairs = [
                    (ligature.LigGlyph, [first, *ligature.Component])
                    for first, ligatures in subtable.ligatures.items()
                    for ligature in ligatures
                ]
            for target, sources in pairs:
                if target not in texts and all(source in texts for source in sources):
                    texts[target] = "".join(texts[source] for source in sources)
                    grew = True
    texts = {name: text.replace(NIKHAHIT, "") for name, text in texts.items()}
    texts[AM_AA_GLYPH] = SARA_AM
    return texts


def _add_am_glyph(font: TTFont) -> None:
    """Add AM_AA_GLYPH, a copy of SARA AA, and a `ccmp` lookup that uses it for an AA that
    follows NIKHAHIT (alone, in a ligature with a tone mark, or with a tone mark between)."""
    cmap = font.getBestCmap()
    aa = cmap[ord(SARA_AA)]
    order = font.getGlyphOrder()
    font["glyf"].glyphs[AM_AA_GLYPH] = copy.deepcopy(font["glyf"][aa])
    font["hmtx"].metrics[AM_AA_GLYPH] = font["hmtx"].metrics[aa]
    font.setGlyphOrder([*order, AM_AA_GLYPH])
    font["maxp"].numGlyphs = len(order) + 1
    classes = font["GDEF"].table.GlyphClassDef if "GDEF" in font else None
    if classes is not None:
        classes.classDefs[AM_AA_GLYPH] = classes.classDefs.get(aa, 1)

    nikhahit = " ".join(name for name in order if name.startswith("uni0E4D"))
    tones = " ".join(name for name in order if re.match(r"uni0E4[89AB](\.|$)", name))
    scratch = TTFont()
    scratch.setGlyphOrder(font.getGlyphOrder())
    addOpenTypeFeaturesFromString(
        scratch,
        f"""
        lookup AmAa {{
            sub [{nikhahit}] {aa}' by {AM_AA_GLYPH};
            sub [{nikhahit}] [{tones}] {aa}' by {AM_AA_GLYPH};
        }} AmAa;
        feature ccmp {{ lookup AmAa; }} ccmp;
        """,
        tables=["GSUB"],
    )
    gsub, added = font["GSUB"].table, scratch["GSUB"].table
    offset = len(gsub.LookupList.Lookup)
    for lookup in added.LookupList.Lookup:
        for subtable in lookup.SubTable:
            for rule in getattr(subtable, "SubstLookupRecord", None) or []:
                rule.LookupListIndex += offset
            for rules in getattr(subtable, "ChainSubClassSet", None) or []:
                for chain in getattr(rules, "ChainSubClassRule", None) or []:
                    for rule in chain.SubstLookupRecord:
                        rule.LookupListIndex += offset
        gsub.LookupList.Lookup.append(lookup)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    [ccmp] = [r for r in added.FeatureList.FeatureRecord if r.FeatureTag == "ccmp"]
    chain = [index + offset for index in ccmp.Feature.LookupListIndex]
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.extend(chain)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


@functools.cache
def _copyable_thai_face(path: Path) -> tuple[bytes, dict[int, str]]:
    """The Thai face as TrueType bytes with AM_AA_GLYPH, and the text of each glyph id."""
    font = TTFont(str(path))
    _add_am_glyph(font)
    texts = _glyph_texts(font)
    ids = {name: index for index, name in enumerate(font.getGlyphOrder())}
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), {ids[name]: text for name, text in texts.items() if name in ids}


@functools.cache
def _print_assets(
    print_stylesheet: str = PRINT_STYLESHEET,
) -> tuple[str, tuple[Path, ...], frozenset[str], dict[str, bytes], dict[int, str]]:
    """The @font-face rules, the print stylesheets (the shared base, then the document's), the
    file URIs the renderer may read, the
    bytes served for the Thai faces and the text of each Thai glyph id."""
    rules, allowed, served, texts = [], set(), {}, {}
    for subset in FONT_SUBSETS:
        for weight in FONT_WEIGHTS:
            font = _static_file(f"vendor/sarabun/sarabun-{subset}-{weight}-normal.woff2")
            allowed.add(font.as_uri())
            kind = "woff2"
            if subset == "thai":
                served[font.as_uri()], weight_texts = _copyable_thai_face(font)
                # One map serves both weights: they share their glyph order (checked here).
                if texts and texts != weight_texts:
                    raise ImproperlyConfigured(f"{font.name} orders its glyphs differently.")
                texts, kind = weight_texts, "truetype"
            rules.append(
                f'@font-face {{ font-family: "Sarabun {subset}"; font-weight: {weight}; '
                f'src: url("{font.as_uri()}") format("{kind}"); }}'
            )
    stylesheets = (_static_file(BASE_STYLESHEET), _static_file(print_stylesheet))
    allowed.update(sheet.as_uri() for sheet in stylesheets)
    return "\n".join(rules), stylesheets, frozenset(allowed), served, texts


_BFCHAR = re.compile(rb"^<([0-9a-f]{4})> <([0-9a-f]*)>$")


def _copyable_text(texts: dict[int, str]):
    """A WeasyPrint finisher: the Thai faces' ToUnicode maps say what each glyph stands for
    (see the module's docstring), not what the cluster it first appeared in held."""
    family = "+" + THAI_FAMILY.replace(" ", "-")

    def finish(document, pdf) -> None:
        for obj in pdf.objects:
            if not isinstance(obj, dict) or "ToUnicode" not in obj:
                continue
            if family not in str(obj.get("BaseFont", "")):
                continue
            reference = obj["ToUnicode"]  # b"17 0 R"
            if isinstance(reference, bytes):
                reference = reference.decode()
            number = int(reference.split()[0])
            stream = pdf.objects[number].stream
            for index, line in enumerate(stream):
                match = _BFCHAR.match(line) if isinstance(line, bytes) else None
                if match and int(match[1], 16) in texts:
                    text = texts[int(match[1], 16)].encode("utf-16-be").hex().encode()
                    stream[index] = b"<" + match[1] + b"> <" + text + b">"

    return finish


_IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class _OnlyThese(URLFetcher):
    """A fetcher that reads the listed local files and refuses every other URL; a file with
    prepared bytes (the Thai faces) is answered with them."""

    def __init__(self, allowed: frozenset[str], served: dict[str, bytes] | None = None) -> None:
        super().__init__(allowed_protocols=("file",))
        self._allowed = allowed
        self._served = served or {}

    def fetch(self, url, headers=None):
        url = url.split("?", 1)[0]
        if url not in self._allowed:
            raise ValueError(f"The printed document does not load {url}")
        if url in self._served:
            data = self._served[url]
            kind = next((k for sig, k in _IMAGE_TYPES.items() if data.startswith(sig)), "font/ttf")
            return URLFetcherResponse(url, data, {"Content-Type": kind})
        return super().fetch(url, headers)


def _governor_title(mou: MOU) -> str:
    """ผู้ว่าราชการจังหวัด, the default title, is completed with the province's name."""
    title = mou.governor_title.strip()
    if title.endswith("จังหวัด"):
        return title + mou.province.name_th
    return title


def mou_summary_context(mou: MOU, viewer=None) -> dict:
    """What the summary shows: the MOU, its signatories and the pledges the viewer may see.

    `mou` comes from `get_mou_for_user_or_404`, which has prefetched its signatories (with
    their agencies) and `visible_pledges` (with agencies and districts). A viewer who sees only
    some pledges gets a partial summary that says so: a district officer's names the district.
    """
    pledges = mou.visible_pledges
    pledge_count = mou.pledges.count()
    partial_district = None
    scope = area_scope_of(viewer) if viewer is not None else None
    if len(pledges) < pledge_count and scope and len(scope) >= 4:
        partial_district = District.objects.filter(code=scope[:4]).first()
    return {
        "mou": mou,
        "governor_title": _governor_title(mou),
        "signatories": list(mou.signatories.all()),
        "pledges": pledges,
        "pledge_count": pledge_count,
        "partial": len(pledges) < pledge_count,
        "partial_district": partial_district,
        "total_households": sum(p.households_pledged for p in pledges),
        "total_budget": sum((p.budget for p in pledges), Decimal(0)),
        "is_draft": mou.status == MOUStatus.DRAFT,
        "printed_on": timezone.localdate(),
    }


def mou_summary_pdf(mou: MOU, viewer=None) -> bytes:
    """The MOU summary as PDF bytes, in Thai whatever the viewer's language; partial (and
    saying so) when the viewer sees only some of its pledges."""
    return render_thai_pdf(TEMPLATE, mou_summary_context(mou, viewer))


def render_thai_pdf(
    template: str,
    context: dict,
    *,
    stylesheet: str = PRINT_STYLESHEET,
    images: dict[str, bytes] | None = None,
) -> bytes:
    """A template rendered in Thai to PDF bytes with the embedded, copyable Sarabun faces and
    a print stylesheet under static/ (its @page rules: size, margins, page numbers). The
    renderer reads those files and nothing else. Other apps' printed documents (the life
    compass plan of households, the fair's letters) use it too. `images` serves uploaded
    PNG or JPEG bytes (the letterhead's emblem) under the URLs the template gives them."""
    faces, sheets, allowed, served, texts = _print_assets(stylesheet)
    if images:
        allowed, served = allowed | set(images), {**served, **images}
    fetcher = _OnlyThese(allowed, served)
    fonts = FontConfiguration()
    with translation.override("th"):
        html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[
            CSS(string=faces, font_config=fonts, url_fetcher=fetcher),
            *(CSS(filename=str(sheet), font_config=fonts, url_fetcher=fetcher) for sheet in sheets),
        ],
        font_config=fonts,
        finisher=_copyable_text(texts),
    )
