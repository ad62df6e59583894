"""Apply a checked ImportPlan to the registry: all of it in one transaction, or nothing.

New records go in with bulk_create (and one audit entry each, written in bulk); changed records
are saved one by one so that the audit log records old and new values. Every entry carries the
import's batch id, so the audit log shows the import as one batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from binhdang.core import audit
from binhdang.registry.importing.validation import ImportPlan
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

Progress = Callable[[int, int], None]
BATCH = 1000

_FACT_MODELS: dict[str, type[Post] | type[PoolEntry] | type[TrainingRecord]] = {
    "post": Post,
    "pool": PoolEntry,
    "training": TrainingRecord,
}


class _Counter:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.progress = progress
        self.reported = -BATCH

    def add(self, count: int = 1) -> None:
        self.done += count
        if self.progress and (self.done - self.reported >= BATCH or self.done >= self.total):
            self.reported = self.done
            self.progress(self.done, self.total)


def apply_plan(plan: ImportPlan, *, batch: str, progress: Progress | None = None) -> None:
    """Write the plan's operations. Raises on any database error, after rolling everything back."""
    counter = _Counter(plan.operation_count(), progress)
    with transaction.atomic(), audit.batch(batch):
        ids = _create_people(plan, counter)

        def person_id(ref: int | str) -> int:
            return ref if isinstance(ref, int) else ids[ref]

        for pk, changes in plan.person_updates.items():
            person = Person.objects.get(pk=pk)
            for name, value in changes.items():
                setattr(person, name, value)
            person.version += 1
            person.save()
            counter.add()
        for pk, end in plan.employment_ends:
            employment = Employment.objects.get(pk=pk)
            employment.end_date = end
            employment.save()
            counter.add()
        _bulk(
            [Employment(person_id=pid, unit=unit, start_date=start) for pid, unit, start in plan.new_employments],
            counter,
        )
        _bulk(
            [
                ForeignLanguage(person_id=person_id(ref), language=language, level=level)
                for ref, language, level in plan.new_languages
            ],
            counter,
        )
        for pk, level in plan.language_updates:
            language = ForeignLanguage.objects.get(pk=pk)
            language.level = level
            language.save()
            counter.add()
        for fact, model in _FACT_MODELS.items():
            _bulk([model(person_id=person_id(ref), **values) for ref, values in plan.new_facts[fact]], counter)
            for pk, changes in plan.fact_updates[fact]:
                record = model.objects.get(pk=pk)
                for name, value in changes.items():
                    setattr(record, name, value)
                if isinstance(record, Post):
                    record.version += 1
                record.save()
                counter.add()
    if progress:
        progress(counter.total, counter.total)


def _create_people(plan: ImportPlan, counter: _Counter) -> dict[str, int]:
    people = []
    for new in plan.new_people:
        person = Person(province=plan.province, **new.values)
        person.derive()
        people.append(person)
    ids: dict[str, int] = {}
    for start in range(0, len(people), BATCH):
        chunk = Person.objects.bulk_create(people[start : start + BATCH])
        audit.record_created(chunk)
        counter.add(len(chunk))
    for new, person in zip(plan.new_people, people, strict=True):
        ids[new.key] = person.pk
    employments = [
        Employment(person=person, unit=new.unit, start_date=new.start)
        for new, person in zip(plan.new_people, people, strict=True)
    ]
    _bulk(employments, counter)
    _bulk(
        [
            ForeignLanguage(person=person, language=language, level=level)
            for new, person in zip(plan.new_people, people, strict=True)
            for language, level in new.languages
        ],
        counter,
    )
    return ids


def _bulk(objects: list[Any], counter: _Counter) -> None:
    for start in range(0, len(objects), BATCH):
        chunk = objects[start : start + BATCH]
        type(chunk[0]).objects.bulk_create(chunk)
        audit.record_created(chunk)
        counter.add(len(chunk))
