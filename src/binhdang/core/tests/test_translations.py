"""The vi and en catalogues are complete, consistent with their msgids, compiled, and used by the pages.

The .po files are read with a small parser below (stdlib only), kept independent of
``binhdang.core.i18n_fill`` so a bug in that helper cannot hide itself.

Why the .mo check compares catalogues instead of mtimes: mtimes say nothing reliable after a
``git checkout``, a copy or an archive extraction (the .po can end up newer than a correct .mo, or
the .mo newer than a stale one). Instead the compiled .mo is loaded with ``gettext.GNUTranslations``
and compared entry by entry with the .po as parsed here, and, where ``msgfmt`` is installed, with a
fresh ``msgfmt`` compilation of the .po. Either way a stale or missing .mo fails with the exact
entries that differ.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ["vi", "en"]

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
# %(name)s, %s, %d ... (not %%), {name}, {0}, {} (not {{ }}), and HTML tags.
_PLACEHOLDER = re.compile(
    r"%\([^)]+\)[#0\- +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[sdifr]|\{[A-Za-z0-9_.\[\]]*\}|</?[A-Za-z][^<>]*>"
)
# Vietnamese letters outside ASCII: đ and every letter with a diacritic.
_VIETNAMESE = re.compile(r"[đĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal.strip()[1:-1])


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry, target, started = Entry(), None, False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip() or (line.startswith("#") and started):
            if started:
                entries.append(entry)
            entry, target, started = Entry(), None, False
            if not line.strip():
                continue
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags.update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            started = True
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = value
            else:
                target = (keyword, 0)
                setattr(entry, keyword, value)
        elif line.startswith('"') and target:
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += _unquote(line)
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + _unquote(line))
        else:
            raise AssertionError(f"{path}: unreadable line {line!r}")
    return entries


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def messages(language: str) -> list[Entry]:
    """Every real entry: not the header, not obsolete."""
    return [e for e in read_po(po_path(language)) if e.msgid and not e.obsolete]


def header(language: str) -> dict[str, str]:
    entry = next(e for e in read_po(po_path(language)) if e.msgid == "" and e.msgctxt is None)
    assert "fuzzy" not in entry.flags, f"{language}: the header is marked fuzzy"
    pairs = (line.split(":", 1) for line in entry.msgstr[0].splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text.replace("%%", "").replace("{{", "").replace("}}", "")))


def catalogue_from_po(language: str) -> dict[object, str]:
    """The catalogue a correct .mo holds, keyed the way GNUTranslations keys it."""
    result: dict[object, str] = {}
    for entry in read_po(po_path(language)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if entry.msgstr.get(0):
                result[key] = entry.msgstr[0]
        elif all(entry.msgstr.values()):
            for index, text in entry.msgstr.items():
                result[(key, index)] = text
    return _without_pot_date(result)


def _without_pot_date(catalogue: dict[object, str]) -> dict[object, str]:
    # msgfmt leaves POT-Creation-Date out of the compiled header (reproducible builds); nothing reads it.
    if "" in catalogue:
        lines = catalogue[""].splitlines(keepends=True)
        catalogue[""] = "".join(line for line in lines if not line.startswith("POT-Creation-Date:"))
    return catalogue


def catalogue_from_mo(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        return _without_pot_date(dict(gettext.GNUTranslations(handle)._catalog))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_not_fuzzy(language):
    entries = messages(language)
    assert len(entries) > 200
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    empty = [e.msgid for e in entries if not e.msgstr or not all(e.msgstr.values())]
    assert not fuzzy, f"{language}: fuzzy entries (Django ignores them): {fuzzy}"
    assert not empty, f"{language}: untranslated entries: {empty}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_html_are_kept(language):
    wrong = []
    for entry in messages(language):
        for index, text in entry.msgstr.items():
            source = entry.msgid_plural if entry.msgid_plural is not None and index > 0 else entry.msgid
            expected = placeholders(source)
            if language == "vi" and entry.msgid_plural is not None:
                # The single Vietnamese form serves every count: it may use the singular's or the plural's.
                options = [expected, placeholders(entry.msgid_plural)]
            else:
                options = [expected]
            if placeholders(text) not in options:
                wrong.append((entry.msgid, text))
    assert not wrong, f"{language}: placeholders or tags differ from the msgid: {wrong}"


def test_vi_header_has_one_plural_form():
    fields = header("vi")
    assert fields["Language"] == "vi"
    assert fields["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in fields["Content-Type"]
    for entry in messages("vi"):
        if entry.msgid_plural is not None:
            assert list(entry.msgstr) == [0], f"vi has one plural form, so only msgstr[0]: {entry.msgid!r}"


def test_en_header_and_entries_equal_their_msgids():
    fields = header("en")
    assert fields["Language"] == "en"
    assert fields["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    for entry in messages("en"):
        if entry.msgid_plural is None:
            assert entry.msgstr == {0: entry.msgid}
        else:
            assert entry.msgstr == {0: entry.msgid, 1: entry.msgid_plural}


def test_vi_and_en_hold_the_same_msgids():
    def keys(language):
        return {(e.msgctxt, e.msgid, e.msgid_plural) for e in messages(language)}

    assert keys("vi") == keys("en")


def test_vi_text_has_diacritics_and_is_nfc():
    texts = [t for e in messages("vi") for t in e.msgstr.values() if re.search(r"[^\W\d_]", t)]
    with_diacritics = [t for t in texts if _VIETNAMESE.search(t)]
    assert len(with_diacritics) >= 0.8 * len(texts), (
        f"only {len(with_diacritics)} of {len(texts)} Vietnamese strings have diacritics: "
        f"{[t for t in texts if not _VIETNAMESE.search(t)]}"
    )
    # Decomposed (NFD) text looks the same but fails searches and comparisons.
    assert [t for t in texts if unicodedata.normalize("NFC", t) != t] == []


def test_vi_labels_start_with_a_capital_letter():
    """Vietnamese UIs capitalise a label's first letter (only that one)."""
    lower = [
        (e.msgid, t)
        for e in messages("vi")
        for t in e.msgstr.values()
        if t[:1].isalpha() and t[:1].islower() and not t.startswith(("%", "{"))
    ]
    assert not lower, f"labels that start in lower case: {lower}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po(language):
    mo = po_path(language).with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `binhdang compilemessages`"
    compiled, expected = catalogue_from_mo(mo), catalogue_from_po(language)
    stale = {k: (compiled.get(k), v) for k, v in expected.items() if compiled.get(k) != v}
    extra = sorted(str(k) for k in compiled.keys() - expected.keys())
    assert not stale and not extra, (
        f"{mo} is out of date, run `binhdang compilemessages`; differing: {stale}; not in the .po: {extra}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_a_fresh_msgfmt_build(language, tmp_path):
    # `make test` installs gettext when it is missing; without it this must fail, not skip.
    assert shutil.which("msgfmt"), "msgfmt is missing: install Debian's gettext package"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po_path(language))], check=True)
    assert catalogue_from_mo(po_path(language).with_suffix(".mo")) == catalogue_from_mo(fresh)


@pytest.mark.django_db
def test_staff_page_is_vietnamese_by_default(client, secretary, people):
    client.force_login(secretary)
    response = client.get("/staff/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    for text in ["Cán bộ", "Họ và tên", "Mã cán bộ", "Giới tính", "Ngày sinh", "Đơn vị", "Đăng xuất", "Nữ"]:
        assert text in html, text
    assert "full name" not in html


@pytest.mark.django_db
def test_staff_page_in_english_with_the_language_cookie(client, secretary, people):
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    response = client.get("/staff/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    for text in ["Staff", "full name", "employee code", "sex", "date of birth", "Sign out", "female"]:
        assert text in html, text
    assert "Họ và tên" not in html


@pytest.mark.django_db
def test_language_switch_through_setlang(client, secretary, people):
    client.force_login(secretary)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/staff/"}, follow=True)
    assert response.status_code == 200
    assert "Sign out" in response.content.decode()
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/staff/"}, follow=True)
    assert "Đăng xuất" in response.content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client, secretary, people):
    client.force_login(secretary)
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page and "Họ và tên" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/staff/"})
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in page and "full name" in page
