"""The section tree of the body: roman sections, numbered headings (1., 2.1.), lettered items (a), đ)),
dash items and plain paragraphs.

Nesting follows the numbering, not the layout: a paragraph belongs to the nearest heading above it
that is a section, a number or a letter (dash items never contain anything); a dash item belongs to
the nearest section, number or letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from binhdang.plans.ingest.text import Line

__all__ = ["Node", "build_outline", "section_kind"]

_ROMAN = re.compile(r"^(?P<label>[IVX]{1,5})\s?[.)/:-]\s*(?P<rest>\S.*)$")
_ROMAN_BARE = re.compile(r"^(?P<label>[IVX]{1,5})\s+(?P<rest>[^\Wa-zđ\d].*)$")
_NUMBERED = re.compile(r"^(?P<label>\d{1,2}(?:\s?\.\d{1,2}){0,3})\s?[.)]?\s*(?P<rest>\S.*)$")
_LETTERED = re.compile(r"^(?:[-–+•]\s*)?(?P<label>[a-zđ])\s?\)\s*(?P<rest>.*)$")
_DASH = re.compile(r"^[-–—+•]\s*(?P<rest>.*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman_value(label: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(label):
        value = _ROMAN_VALUES[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    canonical = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
    return total if total < len(canonical) and canonical[total] == label else None


@dataclass
class Node:
    kind: str  # "section", "number", "letter", "dash", "paragraph"
    label: str  # "III", "2.1", "a", "" for dash items and paragraphs
    text: str  # without its label
    line: int  # index of its line
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def depth(self) -> int:
        return self.label.count(".") + 1 if self.kind == "number" else 0

    def path(self) -> str:
        """The label path "III.1.a": the roman of the section, then numbers, then the letter."""
        parts: list[str] = []
        node: Node | None = self
        while node is not None:
            if node.kind in ("section", "number", "letter") and node.label:
                # "2.1" already says it is under "2".
                if not (parts and node.kind == "number" and parts[-1].startswith(node.label + ".")):
                    parts.append(node.label)
            node = node.parent
        return ".".join(reversed(parts))

    def walk(self) -> list[Node]:
        found = []
        for child in self.children:
            found.append(child)
            found.extend(child.walk())
        return found


def _classify(text: str) -> tuple[str, str, str]:
    if match := _ROMAN.match(text) or _ROMAN_BARE.match(text):
        if _roman_value(match.group("label")) and (_ROMAN.match(text) or text.upper() == text):
            return "section", match.group("label"), match.group("rest").strip()
    if match := _LETTERED.match(text):
        return "letter", match.group("label"), match.group("rest").strip()
    if match := _NUMBERED.match(text):
        label = re.sub(r"\s", "", match.group("label"))
        rest = match.group("rest").strip()
        # "2021 ..." or "15/6 ..." is not a heading; a number needs its dot or bracket unless it is "2.1 ...".
        separator = text[len(match.group("label")) : len(match.group("label")) + 2]
        if "." in label or separator.strip()[:1] in (".", ")"):
            if not rest[:1].isdigit() and not rest.startswith(("/", "%")):
                return "number", label.rstrip("."), rest
    if match := _DASH.match(text):
        return "dash", "", match.group("rest").strip()
    return "paragraph", "", text


def build_outline(lines: list[Line], start: int, end: int) -> Node:
    """The tree of lines[start:end]; lines before the first section hang from the root too."""
    root = Node("root", "", "", start)
    stack: list[Node] = [root]
    for index in range(start, end):
        kind, label, text = _classify(lines[index].text)
        node = Node(kind, label, text, index)
        parent = _parent_for(stack, node)
        node.parent = parent
        parent.children.append(node)
        if kind in ("section", "number", "letter"):
            while stack[-1] is not parent:
                stack.pop()
            stack.append(node)
    return root


def _parent_for(stack: list[Node], node: Node) -> Node:
    """Close the headings that `node` ends and return the one it belongs to."""
    for position in range(len(stack) - 1, -1, -1):
        candidate = stack[position]
        if candidate.kind == "root":
            return candidate
        if node.kind == "section":
            continue
        if node.kind == "number":
            if candidate.kind == "section":
                return candidate
            if candidate.kind == "number" and candidate.depth < node.depth:
                if node.label.startswith(candidate.label + ".") or node.depth == candidate.depth + 1:
                    return candidate
            continue
        if node.kind == "letter":
            if candidate.kind in ("section", "number"):
                return candidate
            continue
        # Dash items and paragraphs belong to the innermost heading.
        return candidate
    return stack[0]


_TASK_WORDS = re.compile(r"nhiem vu|giai phap|noi dung|to chuc thuc hien|phan cong|trach nhiem")
_OBJECTIVE_WORDS = re.compile(r"muc tieu")
_FUNDING_WORDS = re.compile(r"kinh phi|nguon luc tai chinh|du toan")
_PURPOSE_WORDS = re.compile(r"muc dich|yeu cau")


def section_kind(folded_heading: str) -> str:
    """What a roman section holds, from its heading: "tasks", "objectives", "funding", "purpose" or "other"."""
    if _TASK_WORDS.search(folded_heading):
        return "tasks"
    if _OBJECTIVE_WORDS.search(folded_heading):
        return "objectives"
    if _FUNDING_WORDS.search(folded_heading):
        return "funding"
    if _PURPOSE_WORDS.search(folded_heading):
        return "purpose"
    return "other"
