"""A data-subject request (Nghị định 13/2023/NĐ-CP, Articles 9 and 16): for one person, everything the
platform holds about them — to show, to hand over (.json, .xlsx), to correct (the existing edit forms)
and to erase.

What is "about them": the registry record and its dated facts (employments, posts, succession pool,
training, languages), their participations in training classes, and the audit entries about them.
Erasure deletes the first two and keeps the audit trail's shape (who did what, when) without its values;
it then records one entry of its own: who, when, which person id and how many records of each kind —
never the erased values. Counts frozen in submitted reports are figures, not personal data: they stay.
An HR officer or an administrator whose scope covers the person handles the request (`may_handle`).
"""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from binhdang.accounts import scope
from binhdang.core import audit
from binhdang.core.cells import text_cells
from binhdang.core.models import AuditEntry
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

__all__ = ["Section", "SubjectData", "audit_entries", "collect", "erase", "may_handle", "to_json", "to_xlsx"]

PERSON_MODEL = "registry.person"
# The registry's facts of a person, with the slug of their edit form (registry:fact_edit).
FACTS: tuple[tuple[str, type[Any]], ...] = (
    ("employment", Employment),
    ("post", Post),
    ("pool", PoolEntry),
    ("training", TrainingRecord),
    ("language", ForeignLanguage),
)


def may_handle(user: Any, person: Person) -> bool:
    """HR officers and administrators (who see sensitive data and the audit log, and change people)
    whose scope covers the person; not a secretary, a leader or a viewer."""
    return all(
        scope.has_right(user, right) for right in ("change_person", "view_sensitive", "view_audit")
    ) and scope.can(user, "change", person)


@dataclass
class Section:
    """One kind of record: a heading, column labels, and per record its values and its edit link."""

    kind: str
    title: str
    labels: dict[str, str]
    records: list[dict[str, Any]] = field(default_factory=list)
    edit_urls: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[list[Any], str]]:
        """Each record's values in the order of `labels`, with its edit link ("" when it has none)."""
        names = list(self.labels)
        links = self.edit_urls + [""] * (len(self.records) - len(self.edit_urls))
        return [([values.get(name) for name in names], link) for values, link in zip(self.records, links, strict=True)]


@dataclass
class SubjectData:
    person_id: int
    full_name: str
    collected_at: datetime.datetime
    sections: list[Section]

    def counts(self) -> dict[str, int]:
        return {section.kind: len(section.records) for section in self.sections}


def _labels(model: type[Any]) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in model._meta.concrete_fields}


def _section(kind: str, title: str, model: type[Any], rows: QuerySet[Any] | list[Any], edit: str | None) -> Section:
    section = Section(kind, title, {})
    labels = _labels(model)
    for row in rows:
        values = audit.snapshot(row)
        values.pop("person", None)  # the same person on every row
        section.records.append(values)
        for name in values:
            section.labels.setdefault(name, labels.get(name, name))
        if edit:
            section.edit_urls.append(reverse("registry:fact_edit", args=[edit, row.pk]))
    return section


def audit_entries(person_id: int) -> QuerySet[AuditEntry]:
    """The audit entries about a person: on their record, or on a record of theirs."""
    return AuditEntry.objects.filter(Q(person_id=person_id) | Q(model=PERSON_MODEL, object_id=person_id))


def collect(person: Person) -> SubjectData:
    """Everything held about `person` (call may_handle first)."""
    from binhdang.training.models import Participant

    record = _section("person", _("Registry record"), Person, [person], None)
    record.edit_urls = [reverse("registry:person_edit", args=[person.pk])]
    sections = [record]
    titles = {
        "employment": _("Employments"),
        "post": _("Posts"),
        "pool": _("Succession pool"),
        "training": _("Training records"),
        "language": _("Foreign languages"),
    }
    for kind, model in FACTS:
        rows = model.objects.filter(person=person).order_by("pk")
        sections.append(_section(kind, titles[kind], model, rows, kind))
    participations = Participant.objects.filter(person=person).select_related("training_class").order_by("pk")
    classes = _section("participation", _("Training class participations"), Participant, participations, None)
    for values, participant in zip(classes.records, participations, strict=True):
        course = participant.training_class
        values["training_class"] = f"{course.title} ({course.start_date:%d/%m/%Y})"
    sections.append(classes)
    entries = audit_entries(person.pk).select_related("actor").order_by("at", "pk")
    trail = Section("audit", _("Audit entries about this person"), {
        "at": _("time"), "actor": _("by"), "action": _("action"), "model": _("record type"),
        "object_repr": _("record"), "changes": _("changes"),
    })  # fmt: skip
    for entry in entries:
        trail.records.append(
            {
                "at": timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
                "actor": str(entry.actor) if entry.actor else _("system"),
                "action": entry.get_action_display(),
                "model": entry.model,
                "object_repr": entry.object_repr,
                "changes": changes_text(entry.changes),
            }
        )
    sections.append(trail)
    return SubjectData(person.pk, person.full_name, timezone.now(), sections)


def to_json(data: SubjectData) -> bytes:
    body = {
        "person_id": data.person_id,
        "full_name": data.full_name,
        "collected_at": data.collected_at.isoformat(timespec="seconds"),
        "sections": {
            section.kind: {"title": section.title, "labels": section.labels, "records": section.records}
            for section in data.sections
        },
    }
    return json.dumps(body, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def to_xlsx(data: SubjectData) -> bytes:
    """One sheet per kind of record, the field labels as headings."""
    book = Workbook()
    book.remove(book.active)
    for section in data.sections:
        sheet = book.create_sheet(section.title[:31])
        names = list(section.labels)
        sheet.append([section.labels[name] for name in names] or [_("(none)")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in section.records:
            sheet.append([_cell(values.get(name)) for name in names])
    buffer = io.BytesIO()
    text_cells(book).save(buffer)  # names and titles are typed by users
    return buffer.getvalue()


def record_export(person: Person, user: Any, kind: str) -> None:
    with audit.acting_as(user):
        AuditEntry.objects.create(
            actor=user,
            action=AuditEntry.Action.EXPORT,
            model=PERSON_MODEL,
            object_id=person.pk,
            object_repr=(_("Personal data of %(name)s (.%(kind)s)") % {"name": person.full_name, "kind": kind})[:300],
            changes={"format": kind},
            person_id=person.pk,
            unit_id=getattr(user, "unit_id", None),
        )


def erase(person: Person, user: Any) -> AuditEntry:
    """Erase `person`'s personal data in one transaction; the audit entry recording the erasure."""
    from binhdang.training.models import Participant

    person_id = person.pk
    with transaction.atomic(), audit.acting_as(user):
        person = Person.objects.select_for_update().get(pk=person_id)
        employment = person.employments.order_by("-start_date").select_related("unit").first()
        unit_id = employment.unit_id if employment else None
        counts = {"registry.person": 1}
        for _kind, model in FACTS:
            counts[model._meta.label_lower] = model.objects.filter(person_id=person_id).count()
        counts["training.participant"] = Participant.objects.filter(person_id=person_id).count()
        person.delete()  # the facts and the participations go with it (on_delete=CASCADE)
        # What the audit log held about them, including the entries the deletion has just written:
        # who did what and when stays, the values go.
        erased = _("(personal data erased)")
        counts["core.auditentry"] = audit_entries(person_id).update(object_repr=erased, changes={})
        return AuditEntry.objects.create(
            actor=user if getattr(user, "pk", None) else None,
            action=AuditEntry.Action.DELETE,
            model=PERSON_MODEL,
            object_id=person_id,
            object_repr=_("Personal data erased at the person's request (Decree 13/2023/NĐ-CP)"),
            changes={"erasure": {"person_id": person_id, "records": counts}},
            unit_id=unit_id,
        )


def changes_text(changes: Any) -> str:
    """An audit entry's changes as the person page's audit list words them ("Tên: Hà → Hoa"), not the
    stored keys: a person asking for their data reads labels and values."""
    if not isinstance(changes, dict):
        return "" if changes is None else str(changes)
    parts = []
    for key, change in changes.items():
        if not isinstance(change, dict):
            parts.append(f"{key}: {change}")
            continue
        label = change.get("label") or key
        new = "—" if change.get("new") is None else change.get("new")
        if "old" in change:
            old = "—" if change.get("old") is None else change.get("old")
            parts.append(f"{label}: {old} → {new}")
        else:
            parts.append(f"{label}: {new}")
    return "; ".join(parts)
