"""The Thai catalogue: complete, not fuzzy, compiled, and in use.

The UI is Thai first (LANGUAGE_CODE "th") with English msgids, so an untranslated or
uncompiled string shows English to a Thai officer. These tests read locale/th's django.po
with a small reader (no polib) and compare it with what Django's gettext answers.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation


def _po_path() -> Path:
    """The project's Thai catalogue: the first of LOCALE_PATHS, where makemessages writes."""
    assert settings.LOCALE_PATHS, "LOCALE_PATHS is empty: the project's catalogue is not used"
    return Path(settings.LOCALE_PATHS[0]) / "th" / "LC_MESSAGES" / "django.po"


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
