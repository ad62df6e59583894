"""Dates that plan work: report deadlines ("báo cáo 6 tháng (trước ngày 5/6)") and training classes
("Lớp tập huấn 1" with its content, participants, days, venue and trainers)."""

from __future__ import annotations

import bisect
import datetime
import re

from binhdang.plans.ingest.outline import Node
from binhdang.plans.ingest.text import fold_same_length
from binhdang.plans.ingest.units import subject_unit

__all__ = ["class_dates", "find_classes", "is_class_heading", "report_deadlines", "task_when"]

# --- Report deadlines -------------------------------------------------------------------------------

_DUE = re.compile(
    r"(?:truoc|cham nhat|han chot|khong muon hon|khong qua)\s?(?:ngay\s?)?"
    r"(?:(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})(?:\s?[/.-]\s?(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s?thang\s?(?P<m2>\d{1,2})(?:\s?nam\s?(?P<y2>\d{4}))?)(?![\d/])"
)
_REPORT = re.compile(r"\bbao cao\b")
_HALF_YEAR = re.compile(r"\b(?:0?6|sau)\s?thang\b|\bso ket\b|\bgiua nam\b|\bnua nam\b")
_AD_HOC = re.compile(r"\bdot xuat\b")
_ANNUAL = re.compile(r"\bca nam\b|\bnam\b|\btong ket\b")
_CLAUSE_END = re.compile(r";|:\s|\.(?:\s|$)")
_BETWEEN = re.compile(r"\sva\s|,\s")
_PERIODIC = re.compile(r"\bdinh ky\b")
_CLOSE = re.compile(r"\s?\)")


def _due(match: re.Match[str]) -> tuple[str, bool] | None:
    day = match.group("d") or match.group("d2")
    month = match.group("m") or match.group("m2")
    year = match.group("y") or match.group("y2")
    try:
        if year:
            return datetime.date(int(year), int(month), int(day)).isoformat(), False
        datetime.date(2000, int(month), int(day))  # 2000 is a leap year: 29/2 is a valid yearly date
    except ValueError:
        return None
    return f"--{int(month):02d}-{int(day):02d}", True


# The body a report goes to: "báo cáo … về Ban VSTBPN tỉnh", "gửi Sở Nội vụ", "đến các cơ quan chức năng".
_TO = re.compile(r"(?<!\w)(?:gui ve|gui den|gui|ve|den|cho|len)\s+(?=\S)")
_TO_END = re.compile(
    r"\s?\(|\s(?:theo|truoc|dinh ky|cham nhat|trong|vao|khi|de|dung|kip thoi|hang|truc tiep|qua)\b|[;,:]|\.(?:\s|$)|$"
)
_SENTENCE_END = re.compile(r"[;.](?:\s|$)")


def _recipient(text: str, folded: str, report_at: int, sentence_end: int) -> str | None:
    """The addressee of the report named between "báo cáo" and the end of its sentence: a name that starts with
    a capital ("Ban VSTBCPN&BDG Sở GD&ĐT") or "các …" ("các cơ quan chức năng")."""
    for to in _TO.finditer(folded, report_at, sentence_end):
        start = to.end()
        if not (text[start].isupper() or folded.startswith("cac ", start)):
            continue
        end = _TO_END.search(folded, start + 1, sentence_end)
        name = text[start : end.start() if end else sentence_end].strip(" ,;.")
        name = subject_unit(name) or name  # "Sở Lao động - Thương binh và Xã hội tổng hợp": the verb is not the name
        if name and len(name.split()) <= 16:
            return name
    return None


def report_deadlines(texts: list[str]) -> list[dict]:
    """Dated report deadlines in order, one per date, each with the clause that states it and the body the
    report goes to ("recipient", None when the text names none)."""
    found: list[dict] = []
    for text in texts:
        folded = fold_same_length(text)
        if not _REPORT.search(folded):
            continue
        dues = list(_DUE.finditer(folded))
        clause_ends = [end.end() for end in _CLAUSE_END.finditer(folded)]
        for position, match in enumerate(dues):
            due = _due(match)
            if due is None:
                continue
            before = bisect.bisect_right(clause_ends, match.start()) - 1
            clause_start = clause_ends[before] if before >= 0 else 0
            if position and dues[position - 1].end() > clause_start:
                cuts = [m.end() for m in _BETWEEN.finditer(folded, dues[position - 1].end(), match.start())]
                clause_start = cuts[0] if cuts else dues[position - 1].end()
            clause_end = match.end()
            if close := _CLOSE.match(folded, clause_end):
                clause_end = close.end()
            # The clause runs to the date (and its closing bracket): the addressee after it is not part of it.
            stop = clause_end
            if periodic := _PERIODIC.search(folded, clause_start, match.start()):
                clause_start = periodic.start()
            clause = folded[clause_start : match.start()]
            if _HALF_YEAR.search(clause):
                kind = "half_year"
            elif _AD_HOC.search(clause):
                kind = "ad_hoc"
            elif _ANNUAL.search(clause):
                kind = "annual"
            else:
                kind = "ad_hoc"
            wording = " ".join(text[clause_start:stop].split()).strip(" ,;.")
            sentence_start = max((m.end() for m in _SENTENCE_END.finditer(folded, 0, match.start())), default=0)
            reports = list(_REPORT.finditer(folded, sentence_start, match.start()))
            sentence_end = _SENTENCE_END.search(folded, match.end())
            recipient = (
                _recipient(text, folded, reports[-1].start(), sentence_end.start() if sentence_end else len(text))
                if reports
                else None
            )
            found.append({"kind": kind, "due": due[0], "text": wording, "recipient": recipient})
    return found


# --- When a task is due ----------------------------------------------------------------------------

# How often, strongest first: "hằng quý" beats "hằng năm" in "hằng quý, hằng năm báo cáo".
_RECURRENCES = (
    ("quarterly", re.compile(r"\b(?:hang|hàng|moi) quy\b|\bdinh ky (?:hang )?quy\b")),
    ("half_yearly", re.compile(r"\b(?:dinh ky )?(?:0?6|sau) thang (?:mot lan|1 lan)\b|\bdinh ky (?:0?6|sau) thang\b")),
    ("yearly", re.compile(r"\b(?:hang|moi) nam\b|\bdinh ky (?:hang )?nam\b")),
    # "Giáo dục thường xuyên" and "chi thường xuyên" are a kind of school and of spending, not a rhythm.
    ("continuous", re.compile(r"(?<!giao duc )(?<!chi )(?<!kinh phi )\bthuong xuyen\b")),
)
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(
    r"\b(?:trong|truoc|vao|het|cuoi|dau)?\s?quy\s(?P<q>iv|iii|ii|i|[1-4])\b(?:\s?(?:nam\s?|/\s?)(?P<y>\d{4}))?"
)
_MONTH = re.compile(
    r"\b(?:trong|truoc|vao|het|cuoi|dau|den)\s(?:ngay\s)?thang\s?(?P<m>\d{1,2})(?![\d/.])(?:\s?(?:nam\s?|/\s?)(?P<y>\d{4}))?"
    r"|\b(?:trong|truoc|vao|het|cuoi|den)\s(?:ngay\s)?thang\s?(?P<m2>\d{1,2})\s?/\s?(?P<y2>\d{4})"
)
_FIRST_HALF = re.compile(r"\b(?:0?6|sau) thang dau nam\b(?:\s?(?P<y>\d{4}))?")
_ACTION_MONTH = re.compile(r"\bthang hanh dong vi (?:bdg|binh dang gioi)")
_YEAR = re.compile(r"\b(?:trong|den|truoc|cuoi|vao|het)\snam\s(?P<y>20\d{2})\b(?!\s?[-–])")


def _month_end(month: int, year: int | None) -> str | None:
    if not 1 <= month <= 12:
        return None
    if year is None:
        days = (datetime.date(2000 + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        return f"--{month:02d}-{days:02d}"
    last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return last.isoformat()


def task_when(text: str) -> tuple[str | None, str | None]:
    """(recurrence, due) a task's wording states, each None when it says nothing: "Hàng năm, ... trước ngày
    15/11" -> ("yearly", "--11-15"); "trong tháng 3" -> (None, "--03-31"); "Quý II năm 2025" -> (None,
    "2025-06-30"); "trong năm 2025" -> (None, "2025-12-31"). Due is ISO, or "--MM-DD" when the text gives no
    year (the plan's period decides)."""
    folded = fold_same_length(text)
    recurrence = next((name for name, pattern in _RECURRENCES if pattern.search(folded)), None)
    candidates: list[tuple[int, str]] = []
    if action_month := _ACTION_MONTH.search(folded):
        # The Action Month for gender equality runs 15/11–15/12 every year.
        recurrence = recurrence or "yearly"
        candidates.append((action_month.start(), "--12-15"))
    for match in _DUE.finditer(folded):
        if (due := _due(match)) is not None:
            candidates.append((match.start(), due[0]))
    for match in _MONTH.finditer(folded):
        month, year = match.group("m") or match.group("m2"), match.group("y") or match.group("y2")
        if (due_month := _month_end(int(month), int(year) if year else None)) is not None:
            candidates.append((match.start(), due_month))
    for match in _QUARTER.finditer(folded):
        quarter = _ROMAN_QUARTERS[match.group("q")]
        year = int(match.group("y")) if match.group("y") else None
        if (due_quarter := _month_end(quarter * 3, year)) is not None:
            candidates.append((match.start(), due_quarter))
    for match in _FIRST_HALF.finditer(folded):
        candidates.append((match.start(), _month_end(6, int(match.group("y")) if match.group("y") else None) or ""))
    if not candidates:
        for match in _YEAR.finditer(folded):
            candidates.append((match.start(), f"{match.group('y')}-12-31"))
    candidates = [candidate for candidate in candidates if candidate[1]]
    due = min(candidates)[1] if candidates else None
    return recurrence, due


# --- Training classes --------------------------------------------------------------------------------

_CLASS = re.compile(r"^lop\s(?:tap huan|boi duong|dao tao|hoc)\b")
_FIELD = re.compile(
    r"^(?P<key>noi dung|thanh phan(?: tham gia| tham du)?|doi tuong(?: tham gia)?|thoi gian|dia diem|"
    r"giang vien|bao cao vien)\s?:\s*"
)
_RANGE = re.compile(r"(?P<d1>\d{1,2})\s?[-–]\s?(?P<d2>\d{1,2})\s?[/.]\s?(?P<m>\d{1,2})\s?[/.]\s?(?P<y>\d{4})")
_FROM_TO = re.compile(
    r"tu\s(?:ngay\s)?(?P<d1>\d{1,2})\s?/\s?(?P<m1>\d{1,2})(?:\s?/\s?(?P<y1>\d{4}))?\s?"
    r"(?:den|[-–])\s(?:ngay\s)?(?P<d2>\d{1,2})\s?/\s?(?P<m2>\d{1,2})\s?/\s?(?P<y2>\d{4})"
)
_SINGLE = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s?[/.]\s?(?P<m>\d{1,2})\s?[/.]\s?(?P<y>\d{4})")


def is_class_heading(folded: str) -> bool:
    return bool(_CLASS.match(folded))


def _days(first: datetime.date, last: datetime.date) -> list[str]:
    if last < first or (last - first).days > 31:
        return [first.isoformat()]
    return [(first + datetime.timedelta(days=offset)).isoformat() for offset in range((last - first).days + 1)]


def _day(year: str | int, month: str | int, day: str | int) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:  # "31/6/2019": an impossible date is left out, the others are kept
        return None


def class_dates(text: str) -> list[str]:
    """Every planned day: "ngày 11-12/7/2019" -> ["2019-07-11", "2019-07-12"]. An impossible date ("31/6")
    is left out; the dates after it are still read."""
    folded = fold_same_length(text)
    days: list[str] = []
    taken: list[tuple[int, int]] = []
    for match in _FROM_TO.finditer(folded):
        year = match.group("y2")
        first = _day(match.group("y1") or year, match.group("m1"), match.group("d1"))
        last = _day(year, match.group("m2"), match.group("d2"))
        taken.append(match.span())
        if first and last:
            days.extend(_days(first, last))
        elif first or last:
            days.append((first or last).isoformat())  # type: ignore[union-attr]
    for match in _RANGE.finditer(folded):
        if any(start <= match.start() < end for start, end in taken):
            continue
        taken.append(match.span())
        first = _day(match.group("y"), match.group("m"), match.group("d1"))
        last = _day(match.group("y"), match.group("m"), match.group("d2"))
        if first and last:
            days.extend(_days(first, last))
        elif first or last:
            days.append((first or last).isoformat())  # type: ignore[union-attr]
    for match in _SINGLE.finditer(folded):
        if any(start <= match.start() < end for start, end in taken):
            continue
        if single := _day(match.group("y"), match.group("m"), match.group("d")):
            days.append(single.isoformat())
    return sorted(set(days))


def _field(node: Node) -> tuple[str, str] | None:
    folded = fold_same_length(node.text)
    match = _FIELD.match(folded)
    if match is None:
        return None
    return match.group("key"), node.text[match.end() :].strip()


def _texts(node: Node) -> list[str]:
    """The wording under a heading: the rest of the heading line after ":" or its items."""
    return [child.text for child in node.children if child.kind in ("dash", "paragraph", "letter") and child.text]


def find_classes(section: Node) -> list[dict]:
    """The classes a section describes; venue and trainers given once for all apply to each."""
    classes: list[dict] = []
    venue: str | None = None
    trainers: list[str] = []
    for node in section.walk():
        folded = fold_same_length(node.text)
        if node.kind in ("number", "letter", "paragraph") and is_class_heading(folded):
            entry: dict = {
                "name": node.text.rstrip(":. "),
                "content": None,
                "participants": None,
                "dates": [],
                "venue": None,
                "trainers": [],
            }
            for child in node.children:
                found = _field(child)
                if found is None:
                    continue
                key, value = found
                if key == "noi dung":
                    entry["content"] = value
                elif key.startswith(("thanh phan", "doi tuong")):
                    entry["participants"] = value
                elif key == "thoi gian":
                    entry["dates"] = class_dates(value)
                elif key == "dia diem":
                    entry["venue"] = value
                elif key in ("giang vien", "bao cao vien"):
                    entry["trainers"] = [value]
            classes.append(entry)
        elif node.kind == "number" and re.match(r"dia diem", folded):
            texts = _texts(node)
            rest = node.text.split(":", 1)[1].strip() if ":" in node.text else ""
            venue = rest or (" ".join(texts) if texts else None)
        elif node.kind == "number" and re.match(r"giang vien|bao cao vien", folded):
            trainers = [text.rstrip(";. ") for text in _texts(node)]
    for entry in classes:
        if entry["venue"] is None:
            entry["venue"] = venue
        if not entry["trainers"]:
            entry["trainers"] = list(trainers)
    return classes
