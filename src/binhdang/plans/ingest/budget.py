"""Budget lines from a plan's "Kinh phí (thực hiện)" sections and items: where the money comes from (nguồn ngân
sách nhà nước, chi thường xuyên, chương trình / dự án, kinh phí của đơn vị, xã hội hóa …) and the amount when the
plan gives one ("50.000.000 đồng", "50 triệu đồng", "1,5 tỷ đồng"). Nothing is invented: a line that names no
amount has none, a line that names no source says "other" only when it says something else ("xã hội hóa")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from binhdang.plans.ingest.outline import Node
from binhdang.plans.ingest.text import fold_same_length

__all__ = ["amount_in", "budget_lines", "source_of"]

_HEADING = re.compile(r"^(?:kinh phi|du toan kinh phi|nguon kinh phi)\b")
_ATTRIBUTE = re.compile(r"^(?:kinh phi|du toan|nguon kinh phi)(?: thuc hien| du kien)?\s?:\s*")
# Strongest first: "ngân sách nhà nước ... và xã hội hóa" is mainly the state's money.
_SOURCES = (
    ("programme", re.compile(r"\b(?:chuong trinh muc tieu|de an|du an|chuong trinh quoc gia|chuong trinh)\b")),
    ("state_budget", re.compile(r"\bngan sach(?: nha nuoc| tinh| dia phuong)?\b|\bchi thuong xuyen\b|\bdu toan\b")),
    ("unit", re.compile(r"\bkinh phi (?:cua|tu) (?:co quan|don vi|so)\b|\bnguon tu chu\b|\bquy co quan\b")),
    ("other", re.compile(r"\bxa hoi hoa\b|\btai tro\b|\bhuy dong\b|\bnguon hop phap khac\b|\bvien tro\b")),
)
_AMOUNT = re.compile(
    r"(?P<number>\d{1,3}(?:[.\s]\d{3})+|\d+(?:,\d+)?)\s?(?P<unit>ty|trieu|nghin|ngan)?\s?(?:dong|d\b|vnd)"
    r"|(?P<number2>\d+(?:,\d+)?)\s?(?P<unit2>ty|trieu)\b"
)
_MONEY = re.compile(r"\b(?:kinh phi|ngan sach|nguon|du toan|dong|chi|tai tro|xa hoi hoa|von)\b")
_MULTIPLIERS = {"ty": 10**9, "trieu": 10**6, "nghin": 10**3, "ngan": 10**3, None: 1}


def source_of(text: str) -> str | None:
    folded = fold_same_length(text)
    return next((name for name, pattern in _SOURCES if pattern.search(folded)), None)


def amount_in(text: str) -> int | None:
    """The amount in đồng the text gives: "50.000.000 đồng" -> 50000000; "50 triệu đồng" -> 50000000."""
    folded = fold_same_length(text)
    match = _AMOUNT.search(folded)
    if match is None:
        return None
    number = match.group("number") or match.group("number2")
    unit = match.group("unit") or match.group("unit2")
    if unit is None and re.fullmatch(r"\d{1,3}(?:[.\s]\d{3})+", number):
        digits = re.sub(r"[.\s]", "", number)
    else:
        digits = number.replace(".", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(digits) * _MULTIPLIERS[unit]
    except InvalidOperation:
        return None
    return int(value) if value >= 0 else None


def _line(text: str) -> dict:
    text = " ".join(text.split()).strip(" ;")
    return {"text": text, "source": source_of(text), "amount": amount_in(text)}


def budget_lines(root: Node) -> list[dict]:
    """One line per paragraph or item under a "Kinh phí" heading (a roman section or a numbered one), and one per
    "- Kinh phí: …" attribute of a group of tasks (with the group's heading before it)."""
    found: list[dict] = []
    seen: set[int] = set()
    for node in root.walk():
        folded = fold_same_length(node.text)
        if node.kind in ("section", "number", "letter") and _HEADING.match(folded):
            rest = node.text.split(":", 1)[1].strip() if ":" in node.text else ""
            if rest:
                found.append(_line(rest))
            for child in node.walk():
                if child is node or id(child) in seen or not child.text:
                    continue
                seen.add(id(child))
                if child.kind in ("paragraph", "dash", "letter", "number"):
                    found.append(_line(child.text))
        elif node.kind in ("dash", "paragraph") and id(node) not in seen and (match := _ATTRIBUTE.match(folded)):
            seen.add(id(node))
            value = node.text[match.end() :].strip()
            if value:
                found.append(_line(value))
    # A paragraph of the section that speaks of no money ("Yêu cầu Giám đốc các sở …") is the closing, not a line.
    return [line for line in found if line["text"] and _MONEY.search(fold_same_length(line["text"]))]
