"""Training in figures for a period and a subtree, for the half-year and annual reports: the classes held by
the subtree's units, their participants by sex, and the people trained (registry records written); and the
staff the subtree sent to classes of any organiser. Plain dataclasses: the renderers take no querysets."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.registry.models import Employment
from binhdang.training.models import Participant, TrainingClass


@dataclass(frozen=True)
class ClassRow:
    title: str
    organiser: str
    start: datetime.date
    end: datetime.date
    venue: str
    participants: int
    female: int
    trained: int  # registry participants whose training record says completed


@dataclass
class TrainingSummary:
    start: datetime.date
    end: datetime.date
    classes_held: int = 0
    participants: int = 0
    participants_female: int = 0
    participants_male: int = 0
    guests: int = 0
    people_trained: int = 0  # distinct people given a completed training record by these classes
    records_written: int = 0  # training records written, completed or not
    staff_sent: int = 0  # the subtree's people in completed classes of any organiser in the period
    staff_sent_female: int = 0
    staff_trained: int = 0
    classes: list[ClassRow] = field(default_factory=list)


def summarise(root_unit: OrgUnit, start: datetime.date, end: datetime.date) -> TrainingSummary:
    """Classes completed by units of `root_unit`'s subtree that started between start and end (inclusive)."""
    result = TrainingSummary(start, end)
    classes = list(
        TrainingClass.objects.filter(_held(start, end), subtree_q(root_unit.path, "organiser__"))
        .select_related("organiser")
        .order_by("start_date", "pk")
    )
    participants = list(
        Participant.objects.filter(training_class__in=classes).select_related("person", "training_record")
    )
    by_class: dict[int, list[Participant]] = {}
    for participant in participants:
        by_class.setdefault(participant.training_class_id, []).append(participant)
    trained: set[int] = set()
    for course in classes:
        rows = by_class.get(course.pk, [])
        completed = [p for p in rows if p.training_record is not None and p.training_record.completed]
        trained.update(p.person_id for p in completed)
        result.classes.append(
            ClassRow(
                course.title,
                course.organiser.name,
                course.start_date,
                course.end_date,
                course.venue,
                len(rows),
                sum(1 for p in rows if p.sex == "F"),
                len(completed),
            )
        )
    result.classes_held = len(classes)
    result.participants = len(participants)
    result.participants_female = sum(1 for p in participants if p.sex == "F")
    result.participants_male = sum(1 for p in participants if p.sex == "M")
    result.guests = sum(1 for p in participants if p.is_guest)
    result.records_written = sum(1 for p in participants if p.training_record_id)
    result.people_trained = len(trained)
    _staff_sent(result, root_unit)
    return result


def _held(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status": TrainingClass.Status.COMPLETED,
            f"{prefix}start_date__gte": start,
            f"{prefix}start_date__lte": end,
        }
    )


def _staff_sent(result: TrainingSummary, root_unit: OrgUnit) -> None:
    """The subtree's own people in any organiser's classes: registry people working in the subtree on the
    class's first day, and guests the subtree's units sent."""
    rows = Participant.objects.filter(_held(result.start, result.end, "training_class__")).select_related(
        "person", "training_record", "training_class"
    )
    working = Employment.objects.filter(subtree_q(root_unit.path, "unit__"))
    guests = Q(person__isnull=True) & subtree_q(root_unit.path, "nominated_by__unit__")
    candidates = rows.filter(Q(person_id__in=working.values("person_id")) | guests)
    jobs: dict[int, list[Employment]] = {}
    for job in working.filter(person_id__in=candidates.values("person_id")):
        jobs.setdefault(job.person_id, []).append(job)
    for participant in candidates:
        if participant.person_id:
            on = participant.training_class.start_date
            if not any(job.is_active_on(on) for job in jobs.get(participant.person_id, [])):
                continue
        result.staff_sent += 1
        result.staff_sent_female += int(participant.sex == "F")
        record = participant.training_record
        result.staff_trained += int(record is not None and record.completed)

