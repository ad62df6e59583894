"""Quantitative targets ("Đến năm 2025 đạt 60% ...") and the catalogue indicator each one measures.

A target is a percentage set as a goal, with the year it is due and how it compares (at least / at
most). An item may hold several: "Đến năm 2025 đạt 60% và đến năm 2030 đạt 75%" (two years, two
values), "đến năm 2025 và duy trì đến năm 2030 đạt 35%" (one value kept for two years), "...; 100% nữ
CBCCVC được kết nạp Đảng" (two clauses). Percentages that are conditions ("đơn vị có tỷ lệ nữ thấp
dưới 30%") are not targets.

INDICATOR_PHRASES maps folded key phrases to the codes of indicators/catalogue.py; the first rule
whose every group matches wins, so put the more specific rule first. A rule with code None stops
the search: the target measures something the catalogue has no indicator for.
"""

from __future__ import annotations

import re

from binhdang.plans.ingest.text import fold_same_length

__all__ = ["INDICATOR_PHRASES", "indicator_for", "targets_in"]

# (code, groups): every group must match, by any one of its phrases (folded, whole words).
INDICATOR_PHRASES: list[tuple[str | None, tuple[tuple[str, ...], ...]]] = [
    ("pool_women_trained", (("quy hoach",), ("dao tao", "boi duong"))),
    ("pool_women", (("quy hoach",),)),
    ("agencies_woman_key_leader", (("lanh dao chu chot la nu", "lanh dao chu chot nu", "nguoi dung dau la nu"),)),
    ("women_units_woman_leader", (("co lanh dao nu", "co can bo lanh dao nu"), ("50%",))),
    ("party_committee_women", (("cap uy", "ban chap hanh dang bo"),)),
    ("party_women", (("ket nap dang", "dang vien"),)),
    ("health_check_women", (("kiem tra suc khoe", "kham suc khoe"),)),
    ("prenatal_leave", (("kham thai",),)),
    # Training of all women staff ("được bồi dưỡng ... tin học và ngoại ngữ"): no catalogue indicator.
    (None, (("boi duong", "dao tao", "tap huan"),)),
    ("language_women", (("ngoai ngu",),)),
    ("theory_women", (("ly luan chinh tri",),)),
    # "được bổ nhiệm chức vụ lãnh đạo": the women's share of appointments made since the start of
    # the programme (appointments_women), not of all posts held (leaders_women).
    ("appointments_women", (("bo nhiem",), ("lanh dao", "quan ly"))),
    ("minority_leaders", (("dan toc thieu so",), ("lanh dao", "quan ly"))),
    ("minority_staff", (("dan toc thieu so",),)),
    ("heads_women", (("nguoi dung dau", "cap truong"),)),
    ("leaders_women", (("chuc vu lanh dao", "vi tri lanh dao", "can bo lanh dao", "lanh dao quan ly"),)),
    ("senior_women", (("chuyen vien chinh", "chuyen vien cao cap"),)),
    ("domestic_violence_cases", (("bao luc gia dinh",),)),
    ("outreach_events", (("so cuoc", "so buoi", "hoat dong truyen thong"),)),
]

_COMPILED = [
    (code, [re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in group) + r")(?!\w)") for group in groups])
    for code, groups in INDICATOR_PHRASES
]


def indicator_for(text: str) -> str | None:
    folded = fold_same_length(text)
    for code, groups in _COMPILED:
        if all(group.search(folded) for group in groups):
            return code
    return None


_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s?%")
_YEAR = re.compile(r"\b(?:(?:den|vao|toi|trong|cuoi|het|tu)\s(?:nam\s)?|nam\s)((?:19|20)\d\d)(?!\d)(?!\s?[-–]\s?\d)")
# A percentage that describes what is counted rather than the goal: "đơn vị có tỷ lệ nữ thấp dưới 30%",
# "các đơn vị có từ 50% công chức nữ trở lên".
_CONDITION = re.compile(r"(?:\bco\s(?:ty le|tu|tren|duoi)\b|\bthap\b)[^%;]{0,80}$")
_GOAL = re.compile(r"\b(?:dat|phan dau|bao dam|dam bao|duy tri|tang|giam|len|xuong)\b")
_AT_LEAST = re.compile(r"\b(?:it nhat|toi thieu|tu|tren|khong duoi|khong it hon)\s?$")
_AT_MOST = re.compile(r"\b(?:khong qua|toi da|duoi|khong vuot qua|giam xuong con|giam xuong|xuong duoi|con)\s?$")
_EXACTLY = re.compile(r"\b(?:bang|dung)\s?$")
_AFTER_AT_LEAST = re.compile(r"^\s?(?:tro len|tro len\b)")
_AFTER_AT_MOST = re.compile(r"^\s?(?:tro xuong)")
_SPLIT = re.compile(r"\s(?:va)\s|,\s|;\s")
_TRAILING = re.compile(r"[\s;.,]+$")


def _value(printed: str) -> int | float:
    number = float(printed.replace(",", "."))
    return int(number) if number.is_integer() else number


def _comparator(folded: str, start: int, end: int, segment_start: int) -> str:
    before = folded[max(segment_start, start - 40) : start]
    before = re.sub(r"\s?(?:ty le|muc)\s?$", "", before.rstrip())
    after = folded[end : end + 20]
    if _AFTER_AT_MOST.match(after) or _AT_MOST.search(before):
        return "at_most"
    if _AFTER_AT_LEAST.match(after) or _AT_LEAST.search(before):
        return "at_least"
    if _EXACTLY.search(before):
        return "exactly"
    return "at_least"


def _is_condition(folded: str, start: int, segment_start: int) -> bool:
    before = folded[max(segment_start, start - 120) : start]
    condition = _CONDITION.search(before)
    return bool(condition) and not _GOAL.search(before[condition.start() :])


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r";", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _clause_targets(text: str, folded: str, start: int, end: int, default_year: int | None) -> list[dict]:
    percents = [m for m in _PERCENT.finditer(folded, start, end) if not _is_condition(folded, m.start(), start)]
    found = []
    for position, percent in enumerate(percents):
        # The part of the clause that belongs to this percentage: from after the previous one (cut at
        # its last "và" or comma) to before the next one (cut at the last "và" or comma before it).
        seg_start = start
        if position:
            previous = percents[position - 1]
            cuts = [m.end() for m in _SPLIT.finditer(folded, previous.end(), percent.start())]
            seg_start = cuts[-1] if cuts else previous.end()
        seg_end = end
        if position + 1 < len(percents):
            following = percents[position + 1]
            cuts = [m.start() for m in _SPLIT.finditer(folded, percent.end(), following.start())]
            seg_end = cuts[-1] if cuts else following.start()
        years = [int(m.group(1)) for m in _YEAR.finditer(folded, seg_start, seg_end) if not m.group(0).startswith("tu")]
        value = _value(percent.group(1))
        if value > 100:
            continue
        comparator = _comparator(folded, percent.start(), percent.end(), seg_start)
        for year in sorted(set(years)) or [default_year]:
            found.append({"value": value, "comparator": comparator, "year": year})
    return found


def targets_in(text: str, default_year: int | None) -> list[dict]:
    """The targets an item sets, each with the wording of its clause (the whole item when one clause holds
    them all) and its indicator."""
    text = " ".join(text.split())
    folded = fold_same_length(text)
    per_clause = []
    for start, end in _clauses(text):
        found = _clause_targets(text, folded, start, end, default_year)
        if found:
            per_clause.append((start, end, found))
    results = []
    for start, end, found in per_clause:
        wording = text if len(per_clause) == 1 else text[start:end]
        wording = _TRAILING.sub("", wording.strip())
        indicator = indicator_for(wording)
        for target in found:
            results.append({"text": wording, "indicator": indicator, **target})
    return results
