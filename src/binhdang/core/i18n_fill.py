"""Maintenance helper for the gettext catalogues (stdlib only, no polib).

After ``binhdang makemessages -l vi -l en --ignore=tests --no-obsolete``::

    python -m binhdang.core.i18n_fill                 # fix headers, fill en, report what vi still lacks
    python -m binhdang.core.i18n_fill --vi FILE.json  # also merge translations {msgid: msgstr} into vi

In the JSON file an entry with a msgctxt is keyed "context\\u0004msgid" (JSON's escape).
A plural entry's value is the single Vietnamese form (Vietnamese has one plural form).
Entries given in the file lose their ``fuzzy`` flag; the script never translates anything itself.
It exits with status 1 while a vi or en entry is empty or fuzzy.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
WIDTH = 79

HEADERS = {
    "vi": {
        "Project-Id-Version": "binhdang",
        "Language-Team": "Vietnamese",
        "Last-Translator": "Bình Đẳng project",
        "Language": "vi",
        "Plural-Forms": "nplurals=1; plural=0;",
    },
    "en": {
        "Project-Id-Version": "binhdang",
        "Language-Team": "English",
        "Last-Translator": "Bình Đẳng project",
        "Language": "en",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    },
}

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def unquote(literal: str) -> str:
    """The value of one C-style quoted PO string: ``"a\\"b"`` -> ``a"b``."""
    body = literal.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index 0 for singular entries
    raw_msgid: list[str] = field(default_factory=list)  # msgctxt/msgid/msgid_plural lines as read

    @property
    def flags(self) -> set[str]:
        found: set[str] = set()
        for line in self.comments:
            if line.startswith("#,"):
                found.update(f.strip() for f in line[2:].split(",") if f.strip())
        return found

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def unfuzzy(self) -> None:
        kept = []
        for line in self.comments:
            if line.startswith("#|"):  # the previous msgid of a guessed translation
                continue
            if line.startswith("#,"):
                rest = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if not rest:
                    continue
                line = "#, " + ", ".join(rest)
            kept.append(line)
        self.comments = kept


def parse(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None  # which field continuation lines extend
    started = False

    def finish() -> None:
        nonlocal current, started, target
        if started or current.comments:
            entries.append(current)
        current, started, target = Entry(), False, None

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            finish()
            continue
        if line.startswith("#"):
            if started:  # a comment after the strings starts a new entry
                finish()
            current.comments.append(line)
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.group(1), match.group(2), match.group(3)
            value = unquote(literal)
            started = True
            if keyword.startswith("msgstr"):
                slot = int(index) if index is not None else 0
                current.msgstr[slot] = value
                target = ("msgstr", slot)
            else:
                setattr(current, keyword, value)
                current.raw_msgid.append(line)
                target = (keyword, 0)
            continue
        if line.startswith('"') and target is not None:
            name, slot = target
            value = unquote(line)
            if name == "msgstr":
                current.msgstr[slot] += value
            else:
                setattr(current, name, getattr(current, name) + value)
                current.raw_msgid.append(line)
            continue
        raise ValueError(f"{path}: cannot read line {line!r}")
    finish()
    return entries


def render_string(keyword: str, text: str) -> list[str]:
    """One PO keyword with its string, wrapped the way the gettext tools wrap."""
    escaped = quote(text)
    single = f'{keyword} "{escaped}"'
    inner = escaped[:-2] if escaped.endswith("\\n") else escaped
    if len(single) <= WIDTH and "\\n" not in inner:
        return [single]
    # Break after each "\n" and after spaces, filling lines up to WIDTH - 2 characters.
    pieces = re.findall(r"[^ ]*?\\n|[^ ]+ *| +", escaped)
    lines, buffer = [f'{keyword} ""'], ""
    for piece in pieces:
        if buffer and len(buffer) + len(piece) > WIDTH - 2:
            lines.append(f'"{buffer}"')
            buffer = ""
        buffer += piece
        if buffer.endswith("\\n"):
            lines.append(f'"{buffer}"')
            buffer = ""
    if buffer:
        lines.append(f'"{buffer}"')
    return lines


def render(entries: list[Entry]) -> str:
    blocks = []
    for entry in entries:
        lines = list(entry.comments)
        lines += entry.raw_msgid
        if entry.msgid_plural is None:
            lines += render_string("msgstr", entry.msgstr.get(0, ""))
        else:
            for slot in sorted(entry.msgstr):
                lines += render_string(f"msgstr[{slot}]", entry.msgstr[slot])
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def set_headers(header: Entry, values: dict[str, str]) -> None:
    """Set header fields, drop the template's placeholder comments and the header's fuzzy flag."""
    if "Language-Team" in values:
        header.comments = [
            f"# {values['Language-Team']} messages of Bình Đẳng.",
            "# This file is distributed under the same license as binhdang.",
        ]
    lines = header.msgstr.get(0, "").splitlines()
    seen = set()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        if key in values:
            line = f"{key}: {values[key]}"
            seen.add(key)
        out.append(line)
    out += [f"{key}: {value}" for key, value in values.items() if key not in seen]
    header.msgstr[0] = "\n".join(out) + "\n"
    header.unfuzzy()


def save(path: Path, entries: list[Entry]) -> None:
    """Write the catalogue; stamp PO-Revision-Date only when something else changed."""
    if render(entries) == path.read_text(encoding="utf-8"):
        return
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
    set_headers(entries[0], {"PO-Revision-Date": now})
    path.write_text(render(entries), encoding="utf-8")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def problems(entries: list[Entry]) -> list[str]:
    found = []
    for entry in entries:
        if entry.msgid == "":
            continue
        if entry.fuzzy:
            found.append(f"fuzzy: {entry.msgid!r}")
        if not entry.msgstr or any(not s for s in entry.msgstr.values()):
            found.append(f"empty: {entry.msgid!r}")
    return found


def fill_en() -> list[str]:
    path = po_path("en")
    entries = parse(path)
    for entry in entries:
        if entry.msgid == "":
            set_headers(entry, HEADERS["en"])
            continue
        if entry.msgid_plural is None:
            entry.msgstr = {0: entry.msgid}
        else:
            entry.msgstr = {0: entry.msgid, 1: entry.msgid_plural}
        entry.unfuzzy()
    save(path, entries)
    return problems(entries)


def fill_vi(translations: dict[str, str | list[str]]) -> list[str]:
    path = po_path("vi")
    entries = parse(path)
    for entry in entries:
        if entry.msgid == "":
            set_headers(entry, HEADERS["vi"])
            continue
        # An entry with a context is keyed "context\x04msgid" (gettext's own key), so each has its own msgstr.
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        value = translations.get(key)
        if value is None:
            continue
        if isinstance(value, list):
            value = value[0]
        value = unicodedata.normalize("NFC", value)
        entry.msgstr = {0: value}
        entry.unfuzzy()
    save(path, entries)
    return problems(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vi", type=Path, help="JSON file {msgid: Vietnamese msgstr} to merge into vi")
    args = parser.parse_args(argv)
    translations = json.loads(args.vi.read_text(encoding="utf-8")) if args.vi else {}
    report = [f"vi {p}" for p in fill_vi(translations)] + [f"en {p}" for p in fill_en()]
    for line in report:
        print(line)
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
