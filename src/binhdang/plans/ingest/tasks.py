"""Tasks and measures from the task sections (NHIỆM VỤ, GIẢI PHÁP, NỘI DUNG, TỔ CHỨC THỰC HIỆN, PHÂN CÔNG).

Every leaf item is one task: a lettered item, a dash item, or a paragraph under a heading. A heading
with items below it is a group; a heading with nothing below it is a task itself, and a heading with
a single paragraph below it is one task: "heading — paragraph". Attributes of a group ("- Hình thức:
...", "- Đối tượng: ..."), lead-ins ("- Nhiệm vụ:") and the closing "Trên đây là Kế hoạch ..." are not
tasks; neither is a block of training classes (see schedule.py). A group's "- Thời gian (thực hiện): ..." and
"- Đối tượng (thực hiện): ..." are kept on each of its tasks ("schedule", "participants"); how often and by when
a task is due ("recurrence", "due") come from its wording, or from its group's "Thời gian".
"""

from __future__ import annotations

import re

from binhdang.plans.ingest.outline import Node, section_kind
from binhdang.plans.ingest.schedule import is_class_heading, task_when
from binhdang.plans.ingest.text import fold_same_length
from binhdang.plans.ingest.units import cooperating_units, name_after_lead, subject_unit, unit_in_charge_clause

__all__ = ["find_tasks", "is_closing"]

_ATTRIBUTE = re.compile(
    r"^(?:hinh thuc|doi tuong(?: thuc hien| tham gia| ap dung)?|thoi gian(?: thuc hien)?|"
    r"kinh phi(?: thuc hien)?|san pham|ket qua|dia diem|thanh phan(?: tham gia)?)\s?:"
)
_LEAD_IN = re.compile(
    r"^(?:nhiem vu|giai phap|noi dung|nhiem vu,? giai phap|cac nhiem vu)(?: cu the| chu yeu)?\s?:?\s*$"
)
_SCHEDULE = re.compile(r"^thoi gian(?: thuc hien| hoan thanh)?\s?:\s*")
_PARTICIPANTS = re.compile(r"^doi tuong(?: thuc hien| tham gia| ap dung)?\s?:\s*")
_BUDGET = re.compile(r"^kinh phi(?: thuc hien| du kien)?\s?:\s*")  # read as a budget line (budget.py)
_CLOSING = re.compile(r"^tren day la\b")
_ASSIGNMENT = re.compile(r"to chuc thuc hien|phan cong|trach nhiem")
_CLASS_BLOCK = re.compile(r"^(?:cac lop|lop\s|dia diem|tai lieu|giang vien|bao cao vien|phuong phap|thoi gian)")
_JOIN = " — "


def is_closing(folded: str) -> bool:
    return bool(_CLOSING.match(folded))


def _skipped(node: Node) -> bool:
    folded = fold_same_length(node.text)
    if not node.text or is_closing(folded):
        return True
    if node.kind in ("dash", "paragraph") and (_ATTRIBUTE.match(folded) or _LEAD_IN.match(folded)):
        return True
    return False


def _attributes(node: Node, inherited: dict[str, str]) -> dict[str, str]:
    """The group's "Thời gian" and "Đối tượng" lines (its own, else those of the groups above it)."""
    found = dict(inherited)
    for child in node.children:
        if child.kind not in ("dash", "paragraph"):
            continue
        folded = fold_same_length(child.text)
        for key, pattern in (("schedule", _SCHEDULE), ("participants", _PARTICIPANTS), ("budget", _BUDGET)):
            if match := pattern.match(folded):
                found[key] = " ".join(child.text[match.end() :].split()).rstrip(" ;.")
    return found


def _leaf(
    node: Node, text: str, heading_unit: str | None, body: str | None = None, attributes: dict | None = None
) -> dict:
    attributes = attributes or {}
    recurrence, due = task_when(text)
    if attributes.get("schedule"):
        group_recurrence, group_due = task_when(attributes["schedule"])
        recurrence, due = recurrence or group_recurrence, due or group_due
    unit = subject_unit(text)
    if unit is None and body is not None:
        unit = subject_unit(body)
    if unit is None:
        unit = heading_unit
    if unit is None:
        unit = unit_in_charge_clause(text)
    return {
        "label": node.path(),
        "text": " ".join(text.split()),
        "unit_in_charge": unit,
        "cooperating_units": cooperating_units(text),
        "recurrence": recurrence,
        "due": due,
        "schedule": attributes.get("schedule"),
        "participants": attributes.get("participants"),
    }


def _has_classes(section: Node) -> bool:
    return any(is_class_heading(fold_same_length(node.text)) for node in section.walk())


def _visit(
    node: Node, assignment: bool, classes: bool, heading_unit: str | None, tasks: list[dict], inherited: dict
) -> None:
    attributes = _attributes(node, inherited)
    for child in node.children:
        if _skipped(child):
            continue
        if child.kind in ("dash", "paragraph"):
            tasks.append(_leaf(child, child.text, heading_unit, attributes=attributes))
            continue
        folded = fold_same_length(child.text)
        if classes and _CLASS_BLOCK.match(folded):
            continue
        unit = heading_unit
        if assignment and child.kind == "number":
            unit = name_after_lead(child.text) or heading_unit
        kept = [grandchild for grandchild in child.children if not _skipped(grandchild)]
        items = [grandchild for grandchild in kept if grandchild.kind != "paragraph"]
        paragraphs = [grandchild for grandchild in kept if grandchild.kind == "paragraph"]
        own = _attributes(child, attributes)
        if not kept and any(grandchild.kind != "paragraph" for grandchild in child.children):
            if own != attributes:  # a heading with only its "Thời gian", "Đối tượng", "Kinh phí": a task itself
                tasks.append(_leaf(child, child.text, heading_unit, attributes=own))
            continue  # a group whose items are all lead-ins
        if not kept:
            tasks.append(_leaf(child, child.text, heading_unit, attributes=own))
        elif not items and len(paragraphs) == 1:
            text = f"{child.text.rstrip(' :')}{_JOIN}{paragraphs[0].text}"
            tasks.append(_leaf(child, text, heading_unit, body=paragraphs[0].text, attributes=own))
        else:
            _visit(child, assignment, classes, unit, tasks, attributes)


def find_tasks(root: Node) -> list[dict]:
    tasks: list[dict] = []
    for section in root.children:
        if section.kind != "section":
            continue
        folded = fold_same_length(section.text)
        if section_kind(folded) != "tasks":
            continue
        _visit(section, bool(_ASSIGNMENT.search(folded)), _has_classes(section), None, tasks, {})
    return tasks
