"""The Thai catalogue: complete, not fuzzy, compiled, and in use.

The UI is Thai first (LANGUAGE_CODE "th") with English msgids, so an untranslated or
uncompiled string shows English to a Thai officer. These tests read locale/th's django.po
with a small reader (no polib) and compare it with what Django's gettext answers.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation


def _po_path(domain: str = "django") -> Path:
    """The project's Thai catalogue: the first of LOCALE_PATHS, where makemessages writes.
    Two domains: django (Python, templates) and djangojs (scripts)."""
    assert settings.LOCALE_PATHS, "LOCALE_PATHS is empty: the project's catalogue is not used"
    return Path(settings.LOCALE_PATHS[0]) / "th" / "LC_MESSAGES" / f"{domain}.po"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a PO string: {text!r}")
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match[1], match[0]), text[1:-1])


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgctxt(self) -> str | None:
        return self.fields.get("msgctxt")

    @property
    def is_plural(self) -> bool:
        return "msgid_plural" in self.fields

    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file: flags (#,), msgctxt, msgid, msgid_plural, msgstr, msgstr[n].

    Obsolete entries (#~) and other comments are skipped.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    key = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, key = None, None
            continue
        if line.startswith("#"):
            if entry is not None and entry.fields:
                entry, key = None, None
            if entry is None:
                entry = Entry(line=number)
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            if entry is None or key is None:
                raise ValueError(f"line {number}: a string continues no keyword")
            entry.fields[key] += _unquote(line)
            continue
        keyword, _, value = line.partition(" ")
        if entry is None or (keyword in ("msgctxt", "msgid") and "msgid" in entry.fields):
            entry = Entry(line=number)
            entries.append(entry)
        key = keyword
        entry.fields[key] = _unquote(value)
    return [entry for entry in entries if "msgid" in entry.fields]


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    path = _po_path()
    assert path.exists(), f"{path} is missing: run makemessages -l th"
    return read_po(path)


@pytest.fixture(scope="module")
def messages(catalogue) -> list[Entry]:
    """The real messages, without the header entry (msgid "")."""
    return [entry for entry in catalogue if entry.msgid]


def test_catalogue_header_is_thai_with_one_plural_form(catalogue):
    header = next(entry for entry in catalogue if entry.msgid == "" and not entry.msgctxt)
    meta = header.fields["msgstr"]
    assert "Language: th\n" in meta
    assert "charset=UTF-8" in meta
    assert "Plural-Forms: nplurals=1; plural=0;" in meta


def test_catalogue_has_messages(messages):
    assert len(messages) > 50


def test_every_entry_is_translated(messages):
    untranslated = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in messages
        if not all(text.strip() for text in entry.translations())
    ]
    assert untranslated == []


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [f"line {entry.line}: {entry.msgid!r}" for entry in catalogue if "fuzzy" in entry.flags]
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po(messages):
    """Fails when someone edits django.po and forgets compilemessages."""
    stale = []
    with translation.override("th"):
        for entry in messages:
            if entry.is_plural:
                continue
            if entry.msgctxt is None:
                answer = translation.gettext(entry.msgid)
            else:
                answer = translation.pgettext(entry.msgctxt, entry.msgid)
            if answer != entry.fields["msgstr"]:
                stale.append(f"line {entry.line}: {entry.msgid!r} -> {answer!r}")
    assert stale == [], "django.mo is out of step with django.po: run compilemessages -l th"


def test_compiled_plurals_match_the_po(messages):
    """Thai has one plural form (nplurals=1): msgstr[0] serves every count."""
    stale = []
    with translation.override("th"):
        for entry in messages:
            if not entry.is_plural:
                continue
            for count in (1, 5):
                if entry.msgctxt is None:
                    answer = translation.ngettext(entry.msgid, entry.fields["msgid_plural"], count)
                else:
                    answer = translation.npgettext(
                        entry.msgctxt, entry.msgid, entry.fields["msgid_plural"], count
                    )
                if answer != entry.fields["msgstr[0]"]:
                    stale.append(f"line {entry.line}: {entry.msgid!r} ({count}) -> {answer!r}")
    assert stale == [], "django.mo is out of step with django.po: run compilemessages -l th"


def test_login_page_is_in_thai(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "เข้าสู่ระบบ" in response.content.decode()


# What `make messages` scans: the whole project but these (the Makefile's --ignore lists,
# plus what is not source). Scripts (djangojs) are ours under static/, not the vendored ones.
_NOT_SCANNED = {
    "django": (".venv", ".git", "static", "staticfiles", "media", "locale", "test-artifacts"),
    "djangojs": (".venv", ".git", "staticfiles", "media", "locale", "test-artifacts"),
}


def _extract_messages(tmp_path: Path, monkeypatch, domain: str = "django") -> list[Entry]:
    """Run makemessages on a copy of the project into an empty locale folder, so the
    committed catalogue is untouched, and return the msgids the code holds today."""
    import shutil

    from django.core.management import call_command
    from django.test import override_settings

    source = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        source,
        copy,
        ignore=lambda directory, names: [
            name
            for name in names
            if (Path(directory) == source and name in _NOT_SCANNED[domain])
            or (Path(directory) == source / "static" and name == "vendor")
            or name in ("__pycache__", ".pytest_cache", ".ruff_cache")
        ],
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"], MEDIA_ROOT=None, STATIC_ROOT=None):
        call_command("makemessages", locale=["th"], domain=domain, no_obsolete=True, verbosity=0)
    return read_po(copy / "locale" / "th" / "LC_MESSAGES" / f"{domain}.po")


def _key(entry: Entry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _describe(entry: Entry) -> str:
    context = f" (msgctxt {entry.msgctxt!r})" if entry.msgctxt is not None else ""
    return f"{entry.msgid!r}{context}"


def catalogue_gaps(extracted: list[Entry], committed: list[Entry]) -> dict[str, list[str]]:
    """Which of the code's msgids the committed catalogue lacks, leaves untranslated or
    marks fuzzy."""
    by_key = {_key(entry): entry for entry in committed}
    gaps: dict[str, list[str]] = {"missing": [], "untranslated": [], "fuzzy": []}
    for entry in extracted:
        if not entry.msgid:
            continue
        found = by_key.get(_key(entry))
        if found is None:
            gaps["missing"].append(_describe(entry))
        elif not all(text.strip() for text in found.translations()):
            gaps["untranslated"].append(_describe(entry))
        elif "fuzzy" in found.flags:
            gaps["fuzzy"].append(_describe(entry))
    return {kind: sorted(items) for kind, items in gaps.items() if items}


def _gap_report(gaps: dict[str, list[str]]) -> str:
    lines = ["The Thai catalogue is behind the code: run `make messages`, translate, compile."]
    for kind, items in gaps.items():
        lines.append(f"{kind} ({len(items)}):")
        lines.extend(f"  {item}" for item in items)
    return "\n".join(lines)


def test_catalogue_gaps_names_each_missing_untranslated_and_fuzzy_msgid():
    """The comparison itself: a string the catalogue lacks is reported by its msgid."""
    extracted = [
        Entry(line=1, fields={"msgid": "Kept", "msgstr": ""}),
        Entry(line=2, fields={"msgid": "New in the code", "msgstr": ""}),
        Entry(line=3, fields={"msgid": "Empty", "msgstr": ""}),
        Entry(line=4, fields={"msgid": "Unsure", "msgstr": ""}),
        Entry(line=5, fields={"msgctxt": "menu", "msgid": "Kept", "msgstr": ""}),
    ]
    committed = [
        Entry(line=1, fields={"msgid": "Kept", "msgstr": "เก็บ"}),
        Entry(line=2, fields={"msgid": "Empty", "msgstr": ""}),
        Entry(line=3, flags={"fuzzy"}, fields={"msgid": "Unsure", "msgstr": "ไม่แน่"}),
    ]
    assert catalogue_gaps(extracted, committed) == {
        "missing": ["'Kept' (msgctxt 'menu')", "'New in the code'"],
        "untranslated": ["'Empty'"],
        "fuzzy": ["'Unsure'"],
    }
    assert "'New in the code'" in _gap_report(catalogue_gaps(extracted, committed))


def test_every_string_in_the_code_is_in_the_catalogue_and_translated(
    catalogue, tmp_path, monkeypatch
):
    """A literal wrapped in gettext/{% translate %} that never reached django.po shows
    English to a Thai officer; makemessages on a copy finds it."""
    extracted = _extract_messages(tmp_path, monkeypatch)
    assert len(extracted) > 50, "makemessages found nothing: is gettext installed?"
    gaps = catalogue_gaps(extracted, catalogue)
    assert gaps == {}, _gap_report(gaps)


def test_every_script_string_is_in_the_javascript_catalogue_and_translated(tmp_path, monkeypatch):
    """The djangojs domain: gettext() calls in our scripts (static/js/, with the admin
    widgets' strings Django's Thai lacks) are in djangojs.po, translated, not fuzzy."""
    path = _po_path("djangojs")
    assert path.exists(), f"{path} is missing: run make messages"
    committed = read_po(path)
    header = next(entry for entry in committed if entry.msgid == "")
    assert "Language: th\n" in header.fields["msgstr"]
    assert "fuzzy" not in header.flags
    extracted = _extract_messages(tmp_path, monkeypatch, domain="djangojs")
    assert len(extracted) > 40, "makemessages -d djangojs found nothing"
    gaps = catalogue_gaps(extracted, committed)
    assert gaps == {}, _gap_report(gaps)


# --- What a Thai officer reads: no English left, the product called by its Thai name ----

PRODUCT_NAME_TH = "ระบบบริหารจัดการครัวเรือนยากจนแบบบูรณาการ"


class _VisibleText(HTMLParser):
    """The text a user reads: text nodes and the attributes browsers show or speak."""

    SHOWN = ("title", "placeholder", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in self.SHOWN and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.parts


def english_words(html: str, *, allowed: set[str]) -> list[str]:
    """Runs of three or more Latin letters a Thai page should not show."""
    found = []
    for part in visible_text(html):
        found.extend(word for word in re.findall(r"[A-Za-z]{3,}", part) if word not in allowed)
    return found


# Names and values that are English on purpose: usernames, the language switch, the
# keyboard keys Django's help names.
ALLOWED_LATIN = {"English", "Control", "Command", "Mac", "admin50"}


def test_english_words_finds_english_in_visible_text_only():
    html = '<p title="Help me">ภาษาไทย Hello</p><script>var x = "Hidden";</script>'
    assert english_words(html, allowed=set()) == ["Help", "Hello"]


def test_the_admin_home_says_none_available_as_no_items(client, province_admin):
    """Django's Thai catalogue says "ไม่ว่าง" (busy) for the empty recent-actions box."""
    client.force_login(province_admin)
    html = client.get("/admin/").content.decode()
    assert "ไม่มีรายการ" in html
    assert "ไม่ว่าง" not in html
    assert "ดู:" not in html  # Django's Thai "View" link carries a stray colon
    assert english_words(html, allowed=ALLOWED_LATIN) == []


def test_the_admin_add_user_page_is_thai(client, province_admin):
    client.force_login(province_admin)
    html = client.get("/admin/accounts/user/add/").content.decode()
    assert "- เลือกรายการ -" in html  # "- Select an option -"
    assert "กรอกรหัสผ่านเดิมอีกครั้งเพื่อยืนยัน" in html  # the add-user help
    assert english_words(html, allowed=ALLOWED_LATIN) == []


def test_the_admin_changelist_sorts_in_thai(client, province_admin):
    """Django's Thai says "เอาออกจาก sorting"."""
    client.force_login(province_admin)
    html = client.get("/admin/accounts/user/?o=1").content.decode()
    assert "เลิกเรียงตามคอลัมน์นี้" in html
    assert "sorting" not in html


def test_the_admin_asks_in_thai_to_correct_errors(client, province_admin):
    client.force_login(province_admin)
    response = client.post("/admin/accounts/user/add/", {"username": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in html
    assert "Please correct" not in html


def test_the_admin_is_titled_with_the_product_name(client, province_admin):
    client.force_login(province_admin)
    html = client.get("/admin/").content.decode()
    assert PRODUCT_NAME_TH in html
    assert "povertyprog" not in " ".join(visible_text(html))


@pytest.mark.parametrize("url_name", ["login", "password_reset"])
def test_doors_name_the_product_in_thai(client, db, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert f"· {PRODUCT_NAME_TH}</title>" in html
    assert 'class="navbar-brand"' in html
    assert "povertyprog" not in " ".join(visible_text(html))


def test_app_pages_name_the_product_in_the_navbar(client, province_staff):
    client.force_login(province_staff)
    html = client.get(reverse("home")).content.decode()
    assert "บริหารจัดการครัวเรือนยากจน</span></a>" in html  # the navbar's short form
    assert f"{PRODUCT_NAME_TH}</title>" in html
    assert "povertyprog" not in " ".join(visible_text(html))


def test_the_password_reset_flow_is_thai_in_the_product_layout(client, province_staff, mailoutbox):
    province_staff.email = "staff@example.go.th"
    province_staff.save(update_fields=["email"])

    html = client.get(reverse("password_reset")).content.decode()
    assert "ตั้งรหัสผ่านใหม่" in html
    assert 'class="navbar-brand"' in html  # the product's layout, not the admin's
    assert english_words(html, allowed=ALLOWED_LATIN) == []

    response = client.post(reverse("password_reset"), {"email": "staff@example.go.th"})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "ตรวจสอบอีเมลของท่าน" in html
    assert english_words(html, allowed=ALLOWED_LATIN) == []

    (email,) = mailoutbox
    assert email.subject == f"ตั้งรหัสผ่านใหม่ · {PRODUCT_NAME_TH}"
    assert "เปิดลิงก์นี้เพื่อตั้งรหัสผ่านใหม่" in email.body
    assert PRODUCT_NAME_TH in email.body
    assert "povertyprog" not in email.body
    link = re.search(r"http://testserver(/accounts/reset/\S+)", email.body)[1]

    response = client.get(link, follow=True)
    html = response.content.decode()
    assert "กรอกรหัสผ่านใหม่สองครั้ง" in html
    assert english_words(html, allowed=ALLOWED_LATIN | {province_staff.username}) == []

    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "ลืมง่าย-2569-x", "new_password2": "ลืมง่าย-2569-y"},
    )
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in response.content.decode()

    response = client.post(
        response.wsgi_request.path,
        {"new_password1": "ลืมง่าย-2569-x", "new_password2": "ลืมง่าย-2569-x"},
        follow=True,
    )
    html = response.content.decode()
    assert "บันทึกรหัสผ่านใหม่แล้ว" in html
    assert english_words(html, allowed=ALLOWED_LATIN) == []


def test_an_old_reset_link_says_so_in_thai(client, db):
    html = client.get("/accounts/reset/MQ/set-password/").content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in html


# --- Literals that never reach the catalogue ----------------------------------------------

_TEMPLATE_NOISE = [
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
    r"{#.*?#}",
    r"{%\s*(blocktranslate|blocktrans)\b.*?{%\s*end\1\s*%}",
    r"{%\s*block icon\s*%}.*?{%\s*endblock\s*%}",  # Bootstrap icon names
    r"<(script|style)\b.*?</\1>",
    r"{%.*?%}",
    r"{{.*?}}",
]
_READ_ATTRIBUTES = r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"'
# The language switch names each language in itself.
_TEMPLATE_ALLOWED = {"English"}


def untranslated_template_text(source: str) -> list[str]:
    """English words a template writes as plain text or in an attribute people read,
    outside {% translate %}: makemessages never sees them."""
    for pattern in _TEMPLATE_NOISE:
        source = re.sub(pattern, " ", source, flags=re.S)
    read = " ".join(re.findall(_READ_ATTRIBUTES, source))
    text = re.sub(r"<[^>]*>", " ", source, flags=re.S)
    words = re.findall(r"[A-Za-z][A-Za-z'’]{2,}", f"{text} {read}")
    return [word for word in words if word not in _TEMPLATE_ALLOWED]


def test_untranslated_template_text_finds_plain_english():
    source = (
        '{% load i18n %}<nav aria-label="breadcrumb"><p>{% translate "Fine" %} Forgotten</p>'
        '{# a comment #}<i class="bi bi-house"></i>{{ value }}</nav>'
    )
    assert untranslated_template_text(source) == ["Forgotten", "breadcrumb"]


def test_templates_write_no_english_outside_translate_tags():
    found = {}
    paths = sorted(Path(settings.BASE_DIR, "templates").rglob("*"))
    for path in [path for path in paths if path.is_file() and path.suffix in (".html", ".txt")]:
        if words := untranslated_template_text(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(settings.BASE_DIR))] = words
    assert found == {}


def test_the_mou_reminder_names_the_product_in_thai(province_staff, mailoutbox):
    import datetime

    from agencies.models import MOUStatus
    from agencies.reminders import mou_expiry_reminders_send
    from tests.agencies.factories import MOUFactory

    today = datetime.date(2025, 3, 1)
    province_staff.email = "staff50@example.go.th"
    province_staff.save(update_fields=["email"])
    MOUFactory(status=MOUStatus.SIGNED, valid_until=today + datetime.timedelta(days=10))

    mou_expiry_reminders_send(today=today)

    (message,) = mailoutbox
    assert message.subject.startswith("[บริหารจัดการครัวเรือนยากจน] ")
    assert f"ใน{PRODUCT_NAME_TH}:" in message.body
    assert "povertyprog" not in message.subject + message.body


# --- Every page of the admin, for a province admin and a national one --------------------


@pytest.fixture
def admin_pages_data(db, province_admin):
    """One object of each model the admin shows, in Chiang Mai, with Thai values: whatever
    Latin text the pages then show comes from the code, not from the data."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from agencies.models import AssistanceType, Lever
    from households.models import ImportBatch
    from povertyprog.accounts.roles import Role
    from povertyprog.audit.services import activity_log
    from tests.agencies.factories import MOUFactory, PledgeFactory, SignatoryFactory
    from tests.factories import AgencyFactory, AgencyLiaisonFactory, UserFactory, VillageFactory
    from tests.households.factories import HouseholdSurveyFactory

    officer = UserFactory(username="officer50", role=Role.DISTRICT_OFFICER, area_scope="5007")
    survey = HouseholdSurveyFactory(household__village=VillageFactory(code="50070101"))
    agency = AgencyFactory(name_th="สำนักงานเกษตรจังหวัด")
    AgencyLiaisonFactory(
        user=UserFactory(username="liaison50", role=Role.AGENCY_LIAISON), agency=agency
    )
    mou = MOUFactory()
    SignatoryFactory(mou=mou, agency=agency)
    PledgeFactory(mou=mou, agency=agency)
    AssistanceType.objects.create(code="mushroom", lever=Lever.RAISE_INCOME, name_th="เพาะเห็ด")
    ImportBatch.objects.create(
        created_by=officer,
        survey_round=survey.survey_round,
        province_id="50",
        file_name="จปฐ2567.xlsx",
        file_sha256="0" * 64,
    )
    activity_log("agencies.agency.created", actor=officer, target=agency)
    AccessAttempt.objects.create(
        username=officer.username, ip_address="10.0.0.50", failures_since_start=3
    )
    AccessLog.objects.create(username=officer.username, ip_address="10.0.0.50")
    AccessFailureLog.objects.create(username=officer.username, ip_address="10.0.0.50")


# Latin a Thai admin page may show: the test data's usernames and codes, and abbreviations
# Thai officers write in Latin letters too.
ADMIN_ALLOWED_LATIN = ALLOWED_LATIN | {
    "admin",  # usernames (the word checker reads "officer50" as "officer")
    "national",
    "officer",
    "liaison",
    "mushroom",  # an assistance type's code (a slug)
    "xlsx",  # a file name's extension
    "SHA",  # the file's SHA-256 fingerprint
    "MOU",
    "SSO",  # single sign-on and LDAP, in the password form's help
    "LDAP",
}


def _data_in_latin() -> set[str]:
    """Values that are Latin by nature: the English names of places (geothai's, shown in
    their "English name" column), the activity log's action codes ("agencies.agency.created":
    identifiers, not yet labelled in Thai), the column names files are imported with
    ("village_code") and the file formats import-export offers (csv, xls, json…)."""
    from django.contrib import admin

    from povertyprog.areas.models import AREA_MODELS
    from povertyprog.audit.models import ActivityLog

    values = [ActivityLog.objects.values_list("action", flat=True)]
    values += [model.objects.values_list("name_en", flat=True) for model in AREA_MODELS.values()]
    for model_admin in admin.site._registry.values():
        for resource in getattr(model_admin, "resource_classes", ()):
            values.append([field.column_name for field in resource().get_import_fields()])
        formats = getattr(model_admin, "formats", ())
        values.append([fmt().get_title() for fmt in formats])
    return {
        word
        for queryset in values
        for value in queryset
        for word in re.findall(r"[A-Za-z]+", str(value))
    }


def _admin_urls(client, user) -> list[str]:
    """The admin's pages a user opens: the index, each app's index, and for each registered
    model its list, add form (where allowed), change form, history and delete confirmation of
    its first row, and its import and export pages (django-import-export); and the password
    form of a user."""
    from django.contrib import admin
    from django.test import RequestFactory
    from django.urls import NoReverseMatch

    from povertyprog.accounts.models import User

    request = RequestFactory().get("/")
    request.user = user
    urls = ["/admin/"]
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: str(i[0])):
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))  # Django's own admins answer 403
        if not model_admin.has_view_permission(request):
            continue
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{name}_add"))
        first = model_admin.get_queryset(request).first()
        if first is not None:
            urls.append(reverse(f"{name}_change", args=[first.pk]))
            urls.append(reverse(f"{name}_history", args=[first.pk]))
            if model_admin.has_delete_permission(request, first):
                urls.append(reverse(f"{name}_delete", args=[first.pk]))
        for view in ("import", "export"):
            try:
                urls.append(reverse(f"{name}_{view}"))
            except NoReverseMatch:
                continue
    officer = User.objects.get(username="officer50")
    urls.append(reverse("admin:auth_user_password_change", args=[officer.pk]))
    return list(dict.fromkeys(urls))


def _english_on_admin_pages(client, user) -> dict[str, list[str]]:
    client.force_login(user)
    allowed = ADMIN_ALLOWED_LATIN | _data_in_latin()
    found = {}
    for url in _admin_urls(client, user):
        response = client.get(url)
        assert response.status_code in (200, 403), f"{url}: {response.status_code}"
        # The password summary shows the first letters of a random salt and hash ("daa4**…").
        html = re.sub(r"[^\s<>:]{0,6}\*{4,}", "", response.content.decode())
        if words := english_words(html, allowed=allowed):
            found[url] = sorted(set(words))
    return found


def test_every_admin_page_is_thai_for_a_province_admin(client, province_admin, admin_pages_data):
    """Labels of fields and columns, list filters, actions, the user list's name column:
    everything a Chiang Mai admin reads on every page of every model."""
    found = _english_on_admin_pages(client, province_admin)
    assert found == {}, "\n".join(f"{url}: {words}" for url, words in found.items())


def test_every_admin_page_is_thai_for_a_national_admin(client, admin_pages_data):
    """A national-scope admin also edits the national reference data (survey rounds,
    indicator sets, the assistance catalogue): their add and change forms too."""
    from povertyprog.accounts.roles import Role
    from tests.factories import UserFactory

    national = UserFactory(username="national", role=Role.PROVINCE_ADMIN, area_scope="")
    found = _english_on_admin_pages(client, national)
    assert found == {}, "\n".join(f"{url}: {words}" for url, words in found.items())


def test_the_admin_import_reports_in_thai(client, province_admin, admin_pages_data):
    """The village import's preview: import-export's own words (its table, its headings)
    and the resource's row errors, in Thai."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(province_admin)
    rows = "village_code,name_th,name_en\n50070102,บ้านใหม่,\n50070103,,\n51010101,บ้านลำพูน,\n"
    upload = SimpleUploadedFile("villages.csv", rows.encode(), content_type="text/csv")
    response = client.post(
        reverse("admin:areas_village_import"),
        {"format": "0", "resource": "0", "import_file": upload},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "บางแถวไม่ผ่านการตรวจ" in html  # "Some rows failed to validate"
    assert "กรุณาระบุชื่อหมู่บ้านภาษาไทย" in html  # "A village needs a Thai name."
    assert "อยู่นอกพื้นที่ของท่าน" in html  # "Village 51010101 lies outside your area."
    allowed = ADMIN_ALLOWED_LATIN | _data_in_latin() | {"name_th"}  # the error's column
    assert english_words(html, allowed=allowed) == []


def test_every_model_field_has_a_translated_label():
    """A field without verbose_name=_(…) is labelled with its English attribute name
    ("Created by:") in every admin form and list column."""
    from django.apps import apps
    from django.utils.functional import Promise

    ours = ("agencies", "households", "events", "povertyprog")
    bare = []
    for model in apps.get_models():
        if not model.__module__.startswith(ours):
            continue
        for model_field in model._meta.get_fields():
            if model_field.auto_created or not model_field.concrete:
                continue
            if not isinstance(model_field.verbose_name, Promise):
                bare.append(f"{model._meta.label}.{model_field.name}")
    assert bare == [], bare


# --- The admin's JavaScript (calendar, time picker, SelectFilter2, actions) ---------------


def _js_catalogue(client, user) -> dict:
    import json

    client.force_login(user)
    response = client.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    text = response.content.decode()
    match = re.search(r"const newcatalog = (\{.*?\});\n", text, flags=re.S)
    return json.loads(match[1]) if match else {}


def _admin_js_msgids() -> list[Entry]:
    """Every msgid the admin's JavaScript uses: Django's own English djangojs catalogue."""
    import django.contrib.admin

    path = Path(django.contrib.admin.__file__).parent / "locale/en/LC_MESSAGES/djangojs.po"
    return [entry for entry in read_po(path) if entry.msgid]


def _has_english(text: str) -> bool:
    text = re.sub(r"%(\([a-z_]+\))?s", " ", text)  # placeholders stay as they are
    return bool(re.search(r"[A-Za-z]{2,}", text))


def test_the_admin_javascript_catalogue_is_thai(client, province_admin):
    """The date picker's month and day names, "Today", "Choose a date", SelectFilter2's
    "Choose all %s": each string the admin's scripts show comes translated to Thai."""
    catalogue = _js_catalogue(client, province_admin)
    english = []
    for entry in _admin_js_msgids():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        answer = catalogue.get(key)
        texts = answer if isinstance(answer, list) else [answer]
        if answer is None or any(_has_english(text) for text in texts):
            english.append(f"{key!r} -> {answer!r}")
    assert english == [], "\n".join(english)
    assert catalogue["Choose all %s"] == "เลือก%sทั้งหมด"
    assert catalogue["abbrev. month January\x04Jan"] == "ม.ค."
    assert catalogue["Sunday"] == "อาทิตย์"
    assert catalogue["Today"] == "วันนี้"
