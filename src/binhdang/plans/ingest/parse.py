"""parse_plan: clean text -> header -> section tree -> the draft's fields (see docs/ingestion.md)."""

from __future__ import annotations

import re

from binhdang.plans.ingest.budget import budget_lines
from binhdang.plans.ingest.closing import find_recipients, find_signer, recipients_start, signature_lines
from binhdang.plans.ingest.header import (
    basis_paragraphs,
    find_header,
    legal_bases,
    period_of,
    preamble_issuer,
    spelled_as_in,
)
from binhdang.plans.ingest.outline import Node, build_outline, section_kind
from binhdang.plans.ingest.schedule import find_classes, report_deadlines
from binhdang.plans.ingest.targets import targets_in
from binhdang.plans.ingest.tasks import find_tasks, is_closing
from binhdang.plans.ingest.text import Line, clean_lines, fold_same_length

__all__ = ["MAIN_FIELDS", "parse_plan"]

# The fields "missing" reports, in this order.
MAIN_FIELDS = ("number", "date", "issuer", "title", "targets", "tasks", "signer")

_GENERAL = re.compile(r"^muc tieu (?:tong quat|chung)\b\s*:?\s*")
_SPECIFIC = re.compile(r"^(?:cac )?muc tieu cu the\b\s*:?\s*")
# A sentence that sets a goal when a document has no objectives section: it says so ("phấn đấu", "mục
# tiêu", "chỉ tiêu"); "đạt 50,9%" alone may as well report a result.
# A sentence that sets a goal: "phấn đấu", "mục tiêu", "chỉ tiêu", "đề án đặt ra …", "theo kế hoạch, đến
# năm 2025 …", "bảo đảm có ít nhất 35% …".
_GOAL_SENTENCE = re.compile(
    r"\b(?:phan dau|muc tieu|chi tieu|dat ra|de ra|theo ke hoach)\b"
    r"|\b(?:bao dam|dam bao)\b.{0,20}\b(?:it nhat|toi thieu)\b"
)
# A sentence ends at a full stop followed by a space (not in "20.000" or "14.3%").
_SENTENCE = re.compile(r"(?:[^.]|\.(?!\s|$))+(?:\.|$)")


def _closing_text(lines: list[Line], start: int, end: int) -> str | None:
    for index in range(start, end):
        if is_closing(lines[index].folded):
            return lines[index].text
    return None


def _first_section_line(root: Node) -> int | None:
    for child in root.children:
        if child.kind == "section":
            return child.line
    return None


def _objective_nodes(root: Node) -> list[Node]:
    """The roman sections about objectives, and any "Mục tiêu cụ thể" heading elsewhere."""
    found = [
        child
        for child in root.children
        if child.kind == "section" and section_kind(fold_same_length(child.text)) == "objectives"
    ]
    inside = {id(node) for section in found for node in section.walk()}
    for node in root.walk():
        if node.kind in ("number", "letter") and id(node) not in inside:
            if _SPECIFIC.match(fold_same_length(node.text)):
                found.append(node)
                inside.update(id(child) for child in node.walk())
    return found


def _general_objective(nodes: list[Node]) -> str | None:
    for section in nodes:
        for node in [section, *section.walk()]:
            folded = fold_same_length(node.text)
            if node.kind in ("number", "letter") and (match := _GENERAL.match(folded)):
                parts = [node.text[match.end() :].strip()] if node.text[match.end() :].strip() else []
                parts += [child.text for child in node.children if child.kind in ("paragraph", "dash")]
                return " ".join(" ".join(parts).split()) or None
    return None


def _objectives(nodes: list[Node]) -> list[dict]:
    for section in nodes:
        for node in [section, *section.walk()]:
            if node.kind in ("number", "letter") and _SPECIFIC.match(fold_same_length(node.text)):
                return [
                    {"label": f"{child.label})" if child.kind == "letter" else "", "text": child.text}
                    for child in node.children
                    if child.text
                ]
    return []


def _targets(
    objective_nodes: list[Node], body: list[Line], default_year: int | None, not_before: int | None
) -> list[dict]:
    found: list[dict] = []
    if objective_nodes:
        for section in objective_nodes:
            for node in section.walk():
                found.extend(targets_in(node.text, default_year, not_before))
        return found
    # No objectives section: sentences that set a value to reach, wherever they are.
    titled: list[dict] = []  # from a title (the first line, or a line with no full stop): a news headline
    for index, line in enumerate(body):
        title = index == 0 or not line.text.rstrip().endswith((".", ";", ":", "…", "!", "?"))
        for sentence in _SENTENCE.finditer(line.text):
            text = sentence.group().strip()
            if _GOAL_SENTENCE.search(fold_same_length(text)):
                (titled if title else found).extend(targets_in(text, default_year, not_before))
    # A headline says again a target of the article's body (in fewer words, often with the term's year):
    # the body's statement is the target.
    stated = {(target["value"], target["comparator"], target.get("unit")) for target in found}
    kept = [target for target in titled if (target["value"], target["comparator"], target.get("unit")) not in stated]
    return kept + found


def _what_follows(target: dict) -> list[str]:
    """The words after the target's value in its text ("95% số xã, phường, thị trấn …" → "so xa phuong thi
    tran"): what the value counts."""
    folded = fold_same_length(target["text"])
    value = target["value"]
    printed = f"{value:g}" if isinstance(value, float) else str(value)
    spellings = {printed, printed.replace(".", ","), f"{int(value):,}".replace(",", ".") if value == int(value) else ""}
    for spelling in sorted(filter(None, spellings), key=len, reverse=True):
        match = re.search(rf"(?<![\d.,]){re.escape(spelling)}(?![\d])", folded)
        if match:
            return re.findall(r"[a-z]+", folded[match.end() :])[:6]
    return []


def _without_restatements(targets: list[dict]) -> list[dict]:
    """A target said again elsewhere (a news headline, a summary) is one target: the same value, comparator
    and unit, counting the same thing (the same words after the value), with no other year. The fuller
    statement, with its year, is kept."""
    kept: list[dict] = []
    for index, target in enumerate(targets):
        key = (target["value"], target["comparator"], target.get("unit"))
        follows = _what_follows(target)
        restated = False
        for other_index, other in enumerate(targets):
            if other_index == index or other["text"] == target["text"] or len(follows) < 4:
                continue
            if (other["value"], other["comparator"], other.get("unit")) != key:
                continue
            if target["year"] is not None and other["year"] != target["year"]:
                continue
            if other["year"] is None and target["year"] is not None:
                continue  # the one with a year is the fuller statement
            other_follows = _what_follows(other)
            same_thing = sum(1 for a, b in zip(follows, other_follows, strict=False) if a == b) >= 4
            fuller = other["year"] is not None and target["year"] is None
            fuller = (
                fuller
                or len(other["text"]) > len(target["text"])
                or (len(other["text"]) == len(target["text"]) and other_index < index)
            )
            if same_thing and fuller:
                restated = True
                break
        if not restated:
            kept.append(target)
    return kept


def _title_lines(lines: list[Line], start: int) -> str:
    """The capitalised lines right after the header of a document without a "KẾ HOẠCH" heading (a decision's
    "VỀ VIỆC PHÊ DUYỆT ĐỀ ÁN … GIAI ĐOẠN 2026 - 2035"), where its period is named."""
    found = []
    for line in lines[start : start + 6]:
        letters = [char for char in line.text if char.isalpha()]
        if not all(char.isupper() for char in letters) or not (letters or found):
            break  # a line of digits alone continues the title ("… GIAI ĐOẠN" / "2026 - 2035")
        found.append(line.text)
    return " ".join(found)


_BUILDS_PLAN = re.compile(r"\b(?:ban hanh|xay dung)\s+(?:ke hoach|chuong trinh)\b")


def parse_plan(text: str) -> dict:
    """The draft read from a plan's text: every key of the conventions, null/[] where nothing was found."""
    lines = clean_lines(text if isinstance(text, str) else "")
    header = find_header(lines)

    at = recipients_start(lines, header.body_start)
    recipients = find_recipients(lines, at)
    body_end = at if at is not None else len(lines)
    signer, signer_line = (None, None)
    if at is not None:
        after = signature_lines(lines, at)
        signer, _ = find_signer(after, 0, len(after))
    if signer is None:
        # No recipients block, or the signature above it: the last signature block of the document.
        signer, signer_line = find_signer(lines, header.body_start, len(lines), last=True)
        if at is None and signer_line is not None:
            body_end = min(body_end, signer_line)
    heading = header.heading_index
    if signer is None and heading is not None and header.top is not None and header.top < heading:
        # A decision that issues the plan signs (and lists its recipients) before the plan's heading.
        early = recipients_start(lines, header.top)
        if early is not None and early < heading:
            recipients = recipients or find_recipients(lines[:heading], early)
            after = signature_lines(lines[:heading], early)
            signer, _ = find_signer(after, 0, len(after))
        if signer is None:
            signer, _ = find_signer(lines, header.top, heading, last=True)

    root = build_outline(lines, header.body_start, body_end)
    first_section = _first_section_line(root)
    preamble = lines[header.body_start : first_section if first_section is not None else body_end]
    if first_section is None:
        # No sections to end the preamble: only the paragraphs right after the title can be it.
        preamble = preamble[:3]
    bases = basis_paragraphs(preamble)
    if header.issuer:
        issuer = spelled_as_in(header.issuer, preamble)
    elif header.number or header.date or header.heading_index is not None:
        issuer = preamble_issuer(preamble)
    else:
        issuer = None  # a page that reports a plan (news) names no issuer of its own

    tasks = find_tasks(root)
    texts = [node.text for node in root.walk() if node.kind != "section"]
    classes = [entry for section in root.children if section.kind == "section" for entry in find_classes(section)]
    deadlines = report_deadlines(texts)
    bases_found = legal_bases(bases)

    closing = _closing_text(lines, header.body_start, body_end)
    scheduled = [day for entry in classes for day in entry["dates"]] + [entry["due"] for entry in deadlines]
    cited = [entry["date"] for entry in bases_found]
    # The sentence of the preamble that says which plan this is ("UBND tỉnh xây dựng Kế hoạch … giai đoạn
    # 2021 - 2025 …"), not the documents it rests on.
    builds = next((line.text for line in preamble if _BUILDS_PLAN.search(line.folded) and line not in bases), "")
    named = [header.title or "", _title_lines(lines, header.body_start) if not header.title else "", closing or ""]
    period = period_of([*named, builds], header.date, scheduled, cited)
    default_year = period["end"] if period else None
    issued = int(header.date[:4]) if header.date else None

    objective_nodes = _objective_nodes(root)
    body_lines = lines[first_section if first_section is not None else header.body_start : body_end]
    targets = _without_restatements(_targets(objective_nodes, body_lines, default_year, issued))

    draft = {
        "number": header.number,
        "number_as_printed": header.number_as_printed,
        "date": header.date,
        "place": header.place,
        "issuer": issuer,
        "title": header.title,
        "legal_bases": bases_found,
        "period": period,
        "targets": targets,
        "report_deadlines": deadlines,
        "tasks": tasks,
        "recipients": recipients,
        "signer": signer,
        "general_objective": _general_objective(objective_nodes),
        "objectives": _objectives(objective_nodes),
        "classes": classes,
        "budget_lines": budget_lines(root),
        # The headings of the document, so that a plan page can group tasks under "III. NHIỆM VỤ ...".
        "outline": [
            {"label": node.path(), "text": node.text[:300]}
            for node in root.walk()
            if node.kind in ("section", "number") and node.text
        ],
    }
    draft["missing"] = [name for name in MAIN_FIELDS if not draft[name]]
    return draft
