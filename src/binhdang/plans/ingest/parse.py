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
_GOAL_SENTENCE = re.compile(r"\b(?:phan dau|dat)\b[^%]{0,160}\d\s?%")
_SENTENCE = re.compile(r"[^.;]+(?:[.;]|$)")


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


def _targets(objective_nodes: list[Node], body: list[Line], default_year: int | None) -> list[dict]:
    found: list[dict] = []
    if objective_nodes:
        for section in objective_nodes:
            for node in section.walk():
                found.extend(targets_in(node.text, default_year))
        return found
    # No objectives section: sentences that set a percentage to reach, wherever they are.
    for line in body:
        for sentence in _SENTENCE.finditer(line.text):
            text = sentence.group().strip()
            if _GOAL_SENTENCE.search(fold_same_length(text)):
                found.extend(targets_in(text, default_year))
    return found


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

    root = build_outline(lines, header.body_start, body_end)
    first_section = _first_section_line(root)
    preamble = lines[header.body_start : first_section if first_section is not None else body_end]
    if first_section is None:
        # No sections to end the preamble: only the paragraphs right after the title can be it.
        preamble = preamble[:3]
    bases = basis_paragraphs(preamble)
    issuer = spelled_as_in(header.issuer, preamble) if header.issuer else preamble_issuer(preamble)

    tasks = find_tasks(root)
    texts = [node.text for node in root.walk() if node.kind != "section"]
    classes = [entry for section in root.children if section.kind == "section" for entry in find_classes(section)]
    deadlines = report_deadlines(texts)
    bases_found = legal_bases(bases)

    closing = _closing_text(lines, header.body_start, body_end)
    scheduled = [day for entry in classes for day in entry["dates"]] + [entry["due"] for entry in deadlines]
    cited = [entry["date"] for entry in bases_found]
    period = period_of([header.title or "", closing or ""], header.date, scheduled, cited)
    default_year = period["end"] if period else None

    objective_nodes = _objective_nodes(root)
    body_lines = lines[first_section:body_end] if first_section is not None else []
    targets = _targets(objective_nodes, body_lines, default_year)

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
