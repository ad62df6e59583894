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
from dataclasses import dataclass

from binhdang.plans.ingest.text import fold_same_length, lower_same_length

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


# --- Values ------------------------------------------------------------------------------------------
#
# A target's value is a percentage ("60%", "10 - 15%", "0,5%0" per mille), a ratio of boys to girls at birth
# ("dưới 109 bé trai/100 bé gái"), a number of times ("còn 1,7 lần … so với nam giới") or a count of
# something a plan can count ("hỗ trợ 20.000 phụ nữ", "1.200 tổ hợp tác/HTX", "20.000 lượt người").

_NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
_PERCENT = re.compile(rf"(?<![\d.,/])(?:({_NUMBER})\s?[-–]\s?)?({_NUMBER})\s?(%0(?!\d)|‰|%)")
_RATIO = re.compile(
    r"(?<![\d.,/])(\d{2,3}(?:[.,]\d{1,2})?)\s?"
    r"((?:(?:[a-z]+\s){1,3}?trai\s?)?/\s?100(?:\s(?:[a-z]+\s){0,3}?gai)?)(?![\d/])"
)
_TIMES = re.compile(r"(?<![\d.,/])(\d{1,2}(?:[.,]\d{1,2})?)\s?(lan)\b(?!\s?thu)")
# What a count counts, lower case with diacritics (several words first, so that the longest wins).
_COUNT_UNITS = (
    "lượt người", "lượt", "phụ nữ", "cán bộ", "hội viên", "doanh nghiệp", "tổ hợp tác", "hợp tác xã", "htx",
    "lớp tập huấn", "lớp", "hội nghị", "hội thảo", "buổi", "cuộc", "mô hình", "câu lạc bộ", "hộ gia đình",
    "gia đình", "tin bài", "tin", "bài", "sản phẩm", "trẻ em", "học sinh", "nạn nhân", "địa chỉ tin cậy",
    "nhà tạm lánh", "cộng tác viên", "lao động nữ", "lao động", "chị em", "hộ nghèo", "hộ", "người",
)  # fmt: skip
_UNIT_WORDS = "|".join(re.escape(unit) for unit in sorted(_COUNT_UNITS, key=len, reverse=True))
_COUNT = re.compile(
    rf"(?<![\w.,/])(\d{{1,3}}(?:\.\d{{3}})+|\d{{1,7}})\s(?:(nghìn|ngàn|triệu)\s)?"
    rf"((?:{_UNIT_WORDS})(?:\s?/\s?(?:{_UNIT_WORDS}))?)(?!\w)"
)
_THOUSANDS = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000}
# Numbers that are not amounts: years, terms, the label of an objective ("Chỉ tiêu 1"), an article.
_NOT_A_COUNT = re.compile(r"(?:nam|khoa|nhiem ky|chi tieu|muc tieu|dieu|khoan|so|lan thu|giai doan|thu)\s?$")


@dataclass
class _Value:
    start: int
    end: int
    value: int | float
    unit: str
    kind: str  # percent, ratio, times, count
    decimals: int
    upper: int | float | None = None  # "20-25%": the range's upper bound


def _number(printed: str, kind: str) -> tuple[int | float, int]:
    if kind == "count":
        return int(printed.replace(".", "")), 0
    decimals = len(re.split(r"[.,]", printed)[1]) if re.search(r"[.,]", printed) else 0
    number = float(printed.replace(",", "."))
    return (int(number) if number.is_integer() else number), decimals


def _values(text: str, folded: str, lower: str) -> list[_Value]:
    found: list[_Value] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= low or start >= high for low, high in taken)

    for match in _RATIO.finditer(folded):
        value, decimals = _number(match.group(1), "ratio")
        found.append(
            _Value(match.start(), match.end(), value, text[match.start(2) : match.end(2)].strip(), "ratio", decimals)
        )
        taken.append(match.span())
    for match in _PERCENT.finditer(folded):
        if not free(*match.span()):
            continue
        # "10 - 15%": the range's lower bound is a floor's goal, its upper bound a ceiling's.
        printed = match.group(1) or match.group(2)
        value, decimals = _number(printed, "percent")
        upper = _number(match.group(2), "percent")[0] if match.group(1) else None
        found.append(
            _Value(match.start(), match.end(), value, text[match.start(3) : match.end(3)], "percent", decimals, upper)
        )
        taken.append(match.span())
    for match in _TIMES.finditer(folded):
        if not free(*match.span()):
            continue
        value, decimals = _number(match.group(1), "times")
        found.append(_Value(match.start(), match.end(), value, text[match.start(2) : match.end(2)], "times", decimals))
        taken.append(match.span())
    for match in _COUNT.finditer(lower):
        if not free(*match.span()) or _NOT_A_COUNT.search(folded[max(0, match.start() - 12) : match.start()]):
            continue
        value, _ = _number(match.group(1), "count")
        value *= _THOUSANDS.get(match.group(2) or "", 1)  # "10 nghìn phụ nữ"
        found.append(_Value(match.start(), match.end(), value, text[match.start(3) : match.end(3)], "count", 0))
        taken.append(match.span())
    return sorted(found, key=lambda found_value: found_value.start)


# --- Years --------------------------------------------------------------------------------------------

_YEAR = re.compile(
    r"\b(?:(?:den|vao|toi|trong|cuoi|het|tu)\s(?:nam\s)?|nam\s)((?:19|20)\d\d)(?!\d)(?!\s?[-–]\s?\d)"
    r"(?P<onward>\s?tro di)?"
)
# The end of a term: "nhiệm kỳ 2016- 2021".
_TERM = re.compile(r"\bnhiem ky\s?(?:19|20)\d\d\s?[-–]\s?((?:19|20)\d\d)(?!\d)")
# "so với năm 2025": the baseline a change is measured from, not the year it is due.
_BASELINE = re.compile(r"\bso voi\s$")


def _years(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """(position, year) of the due years stated between start and end."""
    found = []
    for match in _YEAR.finditer(folded, start, end):
        if match.group(0).startswith("tu") and not match.group("onward"):
            continue  # "từ năm 2021 đến năm 2025": the start of a span
        if _BASELINE.search(folded[max(0, match.start() - 12) : match.start()]):
            continue
        found.append((match.start(), int(match.group(1)), not match.group(0).startswith("nam")))
    found += [(match.start(), int(match.group(1)), True) for match in _TERM.finditer(folded, start, end)]
    # "năm 2020, Chính phủ đã phê duyệt … đặt mục tiêu đến năm 2025": a year said to be the one a value is
    # due ("đến năm", "vào năm") wins over a year that dates something else.
    if any(due for *_, due in found):
        found = [entry for entry in found if entry[2]]
    return sorted((position, year) for position, year, _ in found)


# --- What is not a target -----------------------------------------------------------------------------

# A percentage that describes what is counted rather than the goal: "đơn vị có tỷ lệ nữ thấp dưới 30%",
# "các đơn vị có từ 50% công chức nữ trở lên", "nhóm có tỷ số giới tính khi sinh dưới 109".
_CONDITION = re.compile(r"(?:\bco\s(?:ty le|ty so|tu|tren|duoi)\b|\bthap\b)[^%;]{0,80}$")
_GOAL = re.compile(r"\b(?:dat|phan dau|bao dam|dam bao|duy tri|tang|giam|len|xuong)\b")
# "Phấn đấu đến năm 2015 có trên 85%", "Đến năm 2025 có 70%": the goal itself, not a condition.
_GOAL_THEN_HAS = re.compile(
    r"(?:phan dau|muc tieu|chi tieu|(?:den|vao)\s(?:nam\s)?(?:19|20)\d\d|nam\s(?:19|20)\d\d)"
    r"\s?[,:]?(?:\s?[a-z]+){0,2}\s?$"
)
# Statements of what was done or measured (lower case with diacritics: "đã" is not "đa").
_RESULT = re.compile(
    r"(?<!\w)(?:đã|hiện nay|hiện ở|hiện có|hiện đang|hiện là|cho biết|kết quả|số liệu|tính đến|xếp thứ|giảm dần|"
    r"tăng dần|cao nhất|thấp nhất|chưa đạt|đạt và vượt|vượt mục tiêu|xảy ra)(?!\w)"
)
# "47/63 tỉnh", "11/20 chỉ tiêu": how many units reached something (not a ratio per 100).
_SHARE_OF_UNITS = re.compile(r"(?<![\d/.,])\d{1,3}/(?!100(?!\d))\d{1,3}(?![\d/])")
_PAST_YEAR = re.compile(
    r"(?<!den )(?<!vao )(?<!toi )\bnam\s((?:19|20)\d\d)\s?,?\s?(?:la|dat|co|chiem|xay ra|giam|tang)\b"
)
# Words that set a goal even after words that report ("Chính phủ đã phê duyệt Chương trình … đặt mục tiêu
# đến năm 2025, tối thiểu 50% …"), unless they name a goal that was reached ("đạt và vượt mục tiêu").
_GOAL_CUE = re.compile(r"(?<!\w)(?:phấn đấu|mục tiêu|chỉ tiêu)(?!\w)")
_NOT_GOAL_CUE = re.compile(r"(?:đạt|vượt|so với)\s(?:và vượt\s)?$")


def _is_condition(folded: str, start: int, segment_start: int) -> bool:
    before = folded[max(segment_start, start - 120) : start]
    condition = _CONDITION.search(before)
    if not condition or _GOAL.search(before[condition.start() :]):
        return False
    return not _GOAL_THEN_HAS.search(before[: condition.start()])


def _states_result(folded: str, lower: str, start: int, end: int, not_before: int | None) -> bool:
    """Whether the words before a value (from `start`) report a result rather than set a goal: the last
    result cue comes after the last goal cue."""
    cues = [match.end() for match in _RESULT.finditer(lower, start, end)]
    cues += [match.end() for match in _SHARE_OF_UNITS.finditer(folded, start, end)]
    if not_before is not None:
        cues += [m.end() for m in _PAST_YEAR.finditer(folded, start, end) if int(m.group(1)) < not_before]
    if not cues:
        return False
    goals = [
        match.end()
        for match in _GOAL_CUE.finditer(lower, start, end)
        if not _NOT_GOAL_CUE.search(lower[max(0, match.start() - 14) : match.start()])
    ]
    return max(cues) > max(goals, default=-1)


def _in_brackets(text: str, position: int, start: int) -> bool:
    before = text[start:position]
    return before.count("(") > before.count(")")


# --- Comparators --------------------------------------------------------------------------------------

_AT_LEAST = re.compile(r"\b(?:it nhat|toi thieu|tu|tren|khong duoi|khong it hon|hon)\s?$")
# "không dưới 10%", "không thấp hơn 15%": a floor, although "dưới" alone is a ceiling.
_NEGATED_AT_LEAST = re.compile(r"\bkhong\s(?:duoi|thap hon|it hon)\s?$")
_AT_MOST = re.compile(r"\b(?:khong qua|toi da|duoi|khong vuot qua|giam xuong con|giam xuong|xuong duoi|xuong|con)\s?$")
_EXACTLY = re.compile(r"\b(?:bang|dung)\s?$")
_AFTER_AT_LEAST = re.compile(r"^\s?(?:tro len|tro len\b)")
_AFTER_AT_MOST = re.compile(r"^\s?(?:tro xuong)")
_SPLIT = re.compile(r"\s(?:va)\s|,\s|;\s")
# Between two values, only years and "và": the second shares the first's comparator; a new verb ("có 80%")
# sets its own.
_CARRIES_OVER = re.compile(r"^[\s,]*(?:(?:vao|den|nam|va|sau|truoc|\d{4})[\s,]*)*$")
_TRAILING = re.compile(r"[\s;.,]+$")
_RANGE_END = re.compile(r"^\s?(?:den|[-–])\s?$")
_SENTENCE_END = re.compile(r"\.\s+(?=[^\W\d_])")


def _comparator(folded: str, start: int, end: int, segment_start: int) -> tuple[str, bool]:
    """The comparator and whether the text states it (else "at least" is assumed)."""
    before = folded[max(segment_start, start - 40) : start]
    before = re.sub(r"\s?(?:ty le|muc|o muc|khoang)\s?$", "", before.rstrip())
    after = folded[end : end + 20]
    if _NEGATED_AT_LEAST.search(before):
        return "at_least", True
    if _AFTER_AT_MOST.match(after) or _AT_MOST.search(before):
        return "at_most", True
    if _AFTER_AT_LEAST.match(after) or _AT_LEAST.search(before):
        return "at_least", True
    if _EXACTLY.search(before):
        return "exactly", True
    return "at_least", False


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r";", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _item_targets(text: str, default_year: int | None, not_before: int | None) -> list[tuple[int, dict]]:
    """(clause start, target) for every value of an item that sets a goal."""
    folded = fold_same_length(text)
    lower = lower_same_length(text)
    values = _values(text, folded, lower)
    clauses = _clauses(text)
    sentence_starts = [0] + [match.end() for match in _SENTENCE_END.finditer(text)]
    found: list[tuple[int, dict]] = []
    result_sentence = -1  # once a sentence reports a result, what follows in it comments on that result
    previous: dict[int, tuple[_Value, str, bool]] = {}  # per clause: the last value kept, its comparator
    last_end = 0
    for value in values:
        clause_start, clause_end = next(span for span in clauses if span[0] <= value.start <= span[1])
        sentence = max(i for i, start in enumerate(sentence_starts) if start <= value.start)
        window_start = max(sentence_starts[sentence], last_end)
        last_end = value.end
        if sentence == result_sentence:
            continue
        if _states_result(folded, lower, window_start, value.start, not_before):
            result_sentence = sentence
            continue
        if value.decimals >= 2:
            result_sentence = sentence  # a measured value ("26,22%"), not one set as a goal
            continue
        if _in_brackets(text, value.start, clause_start):
            continue  # a remark in brackets
        if value.kind == "times" and not re.search(r"\b(?:so voi|gap)\b", folded[value.end : clause_end]):
            continue  # "khám thai 5 lần": how often, not a goal
        if value.kind in ("percent", "ratio") and _is_condition(folded, value.start, clause_start):
            continue
        earlier = previous.get(clause_start)
        if earlier and earlier[0].unit == value.unit and _RANGE_END.match(folded[earlier[0].end : value.start]):
            continue  # "từ 35% đến 40%": the range's upper end
        if value.kind == "percent" and value.value > 100:
            continue
        # The part of the clause that belongs to this value: from after the previous one (cut at its last
        # "và" or comma) to before the next one (cut at the last "và" or comma before it).
        in_clause = [v for v in values if clause_start <= v.start <= clause_end]
        index = in_clause.index(value)
        seg_start = clause_start
        if index:
            cuts = [m.end() for m in _SPLIT.finditer(folded, in_clause[index - 1].end, value.start)]
            seg_start = cuts[-1] if cuts else in_clause[index - 1].end
        seg_end = clause_end
        if index + 1 < len(in_clause):
            cuts = [m.start() for m in _SPLIT.finditer(folded, value.end, in_clause[index + 1].start)]
            seg_end = cuts[-1] if cuts else in_clause[index + 1].start
        years = sorted({year for _, year in _years(folded, seg_start, seg_end)})
        if not years:
            # The year stated once for several values ("Đến năm 2015: … 1% …; … 50% …").
            before = _years(folded, 0, value.start)
            years = [before[-1][1]] if before else []
        if not_before is not None and years:
            years = [year for year in years if year >= not_before]
            if not years:
                continue  # due before the document was issued: a past result
        comparator, stated = _comparator(folded, value.start, value.end, seg_start)
        if not stated and earlier and _CARRIES_OVER.match(folded[earlier[0].end : value.start]):
            comparator = earlier[1]  # "giảm … còn 1,7 lần vào năm 2025 và 1,4 lần vào năm 2030"
        previous[clause_start] = (value, comparator, stated)
        amount = value.upper if comparator == "at_most" and value.upper is not None else value.value
        for year in years or [default_year]:
            target = {"value": amount, "comparator": comparator, "year": year, "unit": value.unit}
            found.append((clause_start, target))
    return found


def targets_in(text: str, default_year: int | None, not_before: int | None = None) -> list[dict]:
    """The targets an item sets, each with the wording of its clause (the whole item when one clause holds
    them all) and its indicator. `not_before`: the year the document was issued (a target due earlier is a
    past result)."""
    text = " ".join(text.split())
    found = _item_targets(text, default_year, not_before)
    clauses = {start: end for start, end in _clauses(text)}
    starts = sorted({start for start, _ in found})
    results = []
    for start in starts:
        wording = text if len(starts) == 1 else text[start : clauses[start]]
        wording = _TRAILING.sub("", wording.strip())
        indicator = indicator_for(wording)
        for clause_start, target in found:
            if clause_start == start:
                results.append({"text": wording, "indicator": indicator, **target})
    return results
