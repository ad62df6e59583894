"""What can be done to a training class, for the pages, the API and the demo alike: enrol, record attendance
and evaluation, complete. Every function checks its rules before it writes and writes inside one
transaction, so a refused call changes nothing; refusals are ValidationErrors with messages for the user."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts import scope
from binhdang.core import audit
from binhdang.core.models import active_on_q
from binhdang.core.vietnamese import format_date, normalise
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.registry.models import Employment, Person, TrainingRecord
from binhdang.training.models import Attendance, Nomination, Participant, TrainingClass, outside_message

# --- Who may do what with one class (the rules themselves are in accounts.scope) ---------------------------


def manages(course: TrainingClass, user: Any) -> bool:
    """The organiser's side: edits the class, its nominations, attendance and evaluation, and completes it."""
    return scope.restrict(TrainingClass.objects.filter(pk=course.pk), user, "change").exists()


def may_enrol(course: TrainingClass, user: Any) -> bool:
    return scope.restrict(TrainingClass.objects.filter(pk=course.pk), user, "enrol").exists()


def own_nominations(course: TrainingClass, user: Any) -> QuerySet[Nomination]:
    """The nominations under which `user` may enrol people."""
    return scope.restrict(course.nominations.select_related("unit"), user, "enrol").order_by("unit__path")


def removable(course: TrainingClass, user: Any) -> QuerySet[Participant]:
    return scope.restrict(course.participants.all(), user, "enrol")


def named(course: TrainingClass, user: Any) -> QuerySet[Participant]:
    """The participants whose names `user` may see."""
    return scope.restrict(course.participants.all(), user, "names")


# --- Enrolment -------------------------------------------------------------------------------------------


def _check_open(course: TrainingClass, organiser_side: bool) -> None:
    if course.status == TrainingClass.Status.COMPLETED:
        raise ValidationError(_("This class is completed: its participants no longer change."))
    if course.status == TrainingClass.Status.CANCELLED:
        raise ValidationError(_("This class is cancelled."))
    if not organiser_side and course.status != TrainingClass.Status.OPEN:
        raise ValidationError(_("Enrolment in this class is not open yet."))


def enrolled_count(nomination: Nomination) -> int:
    return nomination.participants.count()


def _check_quota(nomination: Nomination | None) -> None:
    if nomination is None:
        return
    # Locked so that two people enrolling at once cannot both take the last place.
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    taken = locked.participants.count()
    if taken >= locked.quota:
        raise ValidationError(
            _("%(unit)s may send %(quota)d people to this class and has already enrolled %(taken)d.")
            % {"unit": nomination.unit.name, "quota": locked.quota, "taken": taken}
        )


def candidates(course: TrainingClass, user: Any, nomination: Nomination | None) -> QuerySet[Person]:
    """Staff `user` may enrol under `nomination` (None: the organiser's own staff, for the organiser's side):
    people employed in the nominated unit's subtree on the first day of the class whom the user may see,
    and who are not enrolled yet."""
    unit = nomination.unit if nomination is not None else course.organiser
    working = Employment.objects.filter(active_on_q(course.start_date), subtree_q(unit.path, "unit__"))
    return (
        Person.objects.filter(scope.working_persons_q(user, course.start_date))
        .filter(pk__in=working.values("person_id"))
        .exclude(pk__in=course.participants.filter(person__isnull=False).values("person_id"))
    )


def _resolve_nomination(course: TrainingClass, user: Any, nomination: Nomination | None) -> bool:
    """Whether `user` enrols as the organiser's side; refuses a nomination that is not theirs."""
    organiser_side = manages(course, user)
    if nomination is not None:
        mine = own_nominations(course, user).filter(pk=nomination.pk).exists()
        if nomination.training_class_id != course.pk or not mine:
            raise ValidationError({"nomination": _("You may not enrol people under this nomination.")})
    elif not organiser_side:
        raise ValidationError({"nomination": _("Choose the nomination of your unit.")})
    return organiser_side


def enrol_person(course: TrainingClass, user: Any, person: Person, nomination: Nomination | None) -> Participant:
    # Before any message that names the person: an id from outside the user's scope learns nothing. A former
    # employee (who works in another agency now) is enrolled by that agency, not by the one they left.
    if not scope.restrict(Person.objects.filter(pk=person.pk), user, "record").exists():
        raise ValidationError({"person": _("No such person in your scope.")})
    organiser_side = _resolve_nomination(course, user, nomination)
    _check_open(course, organiser_side)
    if course.participants.filter(person=person).exists():
        raise ValidationError(
            {"person": _("%(name)s is already enrolled in this class.") % {"name": person.full_name}}
        )
    if not candidates(course, user, nomination).filter(pk=person.pk).exists():
        unit = nomination.unit if nomination is not None else course.organiser
        raise ValidationError(
            {
                "person": _("%(name)s did not work at %(unit)s on %(day)s, the first day of the class.")
                % {"name": person.full_name, "unit": unit.name, "day": format_date(course.start_date)}
            }
        )
    try:
        with transaction.atomic():
            _check_quota(nomination)
            return Participant.objects.create(training_class=course, person=person, nominated_by=nomination)
    except IntegrityError as error:  # enrolled at the same moment by someone else
        raise ValidationError(
            {"person": _("%(name)s is already enrolled in this class.") % {"name": person.full_name}}
        ) from error


@dataclass
class Guest:
    name: str
    sex: str
    unit_text: str = ""
    is_minority: bool = False


def enrol_guest(course: TrainingClass, user: Any, guest: Guest, nomination: Nomination | None) -> Participant:
    organiser_side = _resolve_nomination(course, user, nomination)
    _check_open(course, organiser_side)
    participant = Participant(
        training_class=course,
        guest_name=normalise(guest.name),
        guest_sex=guest.sex,
        guest_unit_text=normalise(guest.unit_text) or (nomination.unit.name if nomination else ""),
        guest_is_minority=guest.is_minority,
        nominated_by=nomination,
    )
    participant.full_clean(exclude=["training_class", "nominated_by", "person", "training_record"])
    with transaction.atomic():
        _check_quota(nomination)
        participant.save()
    return participant


def remove(course: TrainingClass, user: Any, participant: Participant) -> None:
    if participant.training_class_id != course.pk or not removable(course, user).filter(pk=participant.pk).exists():
        raise ValidationError(_("You may not remove this participant."))
    _check_open(course, manages(course, user))
    participant.delete()


# --- Attendance --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    participant_id: int
    day: datetime.date
    present: bool


def save_attendance(course: TrainingClass, marks: list[Mark]) -> int:
    """Record who was present on which day; all marks are checked first, and any error writes nothing.
    Returns the number of marks that changed."""
    if course.status == TrainingClass.Status.CANCELLED:
        raise ValidationError(_("This class is cancelled."))
    if course.status == TrainingClass.Status.COMPLETED:
        raise ValidationError(_("This class is completed: its attendance no longer changes."))
    names = {p.pk: p for p in course.participants.select_related("person")}
    errors: list[str] = []
    seen: set[tuple[int, datetime.date]] = set()
    for number, mark in enumerate(marks, start=1):
        where = _("Row %(row)d") % {"row": number}
        participant = names.get(mark.participant_id)
        if participant is None:
            errors.append(
                _("%(where)s: participant %(id)s is not in this class.") % {"where": where, "id": mark.participant_id}
            )
            continue
        where = participant.full_name
        if not course.start_date <= mark.day <= course.end_date:
            errors.append(f"{where}: {outside_message(course, mark.day)}")
        elif (mark.participant_id, mark.day) in seen:
            errors.append(
                _("%(where)s: %(day)s is given twice.") % {"where": where, "day": format_date(mark.day)}
            )
        seen.add((mark.participant_id, mark.day))
    if errors:
        raise ValidationError(errors)
    existing = {
        (a.participant_id, a.day): a for a in Attendance.objects.filter(participant__training_class=course)
    }
    new: list[Attendance] = []
    changed = 0
    with transaction.atomic():
        for mark in marks:
            row = existing.get((mark.participant_id, mark.day))
            if row is None:
                # With its participant object: the audit entry of each new mark reads the person from it.
                new.append(Attendance(participant=names[mark.participant_id], day=mark.day, present=mark.present))
            elif row.present != mark.present:
                row.present = mark.present
                row.save(update_fields=["present"])
                changed += 1
        Attendance.objects.bulk_create(new)
        audit.record_created(new)  # bulk_create sends no signals
    return changed + len(new)


def attendance_outside(course: TrainingClass, start: datetime.date, end: datetime.date) -> datetime.date | None:
    """The first day with recorded attendance outside start..end (new dates of the class), if any."""
    return (
        Attendance.objects.filter(participant__training_class=course)
        .exclude(day__gte=start, day__lte=end)
        .order_by("day")
        .values_list("day", flat=True)
        .first()
    )


# --- Evaluation --------------------------------------------------------------------------------------------


@dataclass
class Scores:
    participant_id: int
    before: str = ""
    after: str = ""
    satisfaction: str = ""


def _score(text: str, message: str, who: str, errors: list[str]) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not Decimal(0) <= value <= Decimal(10):
        errors.append(message % {"who": who})
        return None
    return value.quantize(Decimal("0.1"))


def save_evaluation(course: TrainingClass, rows: list[Scores]) -> int:
    """Scores before and after the class and satisfaction, per participant; all or nothing."""
    if course.status == TrainingClass.Status.CANCELLED:
        raise ValidationError(_("This class is cancelled."))
    participants = {p.pk: p for p in course.participants.select_related("person")}
    errors: list[str] = []
    updates: list[Participant] = []
    for row in rows:
        participant = participants.get(row.participant_id)
        if participant is None:
            errors.append(_("Participant %(id)s is not in this class.") % {"id": row.participant_id})
            continue
        who = participant.full_name
        before = _score(row.before, _("%(who)s: the score before the class must be a number from 0 to 10 (e.g. 7,5)."),
                        who, errors)  # fmt: skip
        after = _score(row.after, _("%(who)s: the score after the class must be a number from 0 to 10 (e.g. 7,5)."),
                       who, errors)  # fmt: skip
        satisfaction = None
        raw = (row.satisfaction or "").strip()
        if raw:
            if raw in {"1", "2", "3", "4", "5"}:
                satisfaction = int(raw)
            else:
                errors.append(_("%(who)s: satisfaction is a whole number from 1 to 5.") % {"who": who})
        if (participant.score_before, participant.score_after, participant.satisfaction) != (
            before,
            after,
            satisfaction,
        ):
            participant.score_before, participant.score_after, participant.satisfaction = before, after, satisfaction
            updates.append(participant)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for participant in updates:
            participant.save(update_fields=["score_before", "score_after", "satisfaction"])
    return len(updates)


# --- Completion --------------------------------------------------------------------------------------------


def attended_days(course: TrainingClass) -> dict[int, int]:
    """Days each participant was present, by participant id."""
    rows = (
        Attendance.objects.filter(participant__training_class=course, present=True)
        .filter(day__gte=course.start_date, day__lte=course.end_date)
        .values("participant_id")
        .annotate(n=Count("pk"))
    )
    return {row["participant_id"]: row["n"] for row in rows}


def has_completed(days_present: int, course: TrainingClass) -> bool:
    """Whether `days_present` reaches the class's threshold (a share of its days, in per cent)."""
    return days_present * 100 >= course.completion_threshold * len(course.days)


@dataclass
class Completion:
    records: int = 0  # training records written into the registry
    completed: int = 0  # of which marked completed
    already: bool = False  # the class had been completed before: nothing was done


def complete(course: TrainingClass, user: Any = None, today: datetime.date | None = None) -> Completion:
    """Close the class and give every registry participant a training record (completed when they attended
    enough); guests get none. A class completed before is left as it is."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Locked: two clicks on "complete" must not write the records twice.
        course = TrainingClass.objects.select_for_update().get(pk=course.pk)
        if course.status == TrainingClass.Status.COMPLETED:
            return Completion(already=True)
        if course.status == TrainingClass.Status.CANCELLED:
            raise ValidationError(_("A cancelled class cannot be completed."))
        if course.end_date > today:
            raise ValidationError(
                _("The class ends on %(day)s: it can be completed from that day on.")
                % {"day": format_date(course.end_date)}
            )
        present = attended_days(course)
        result = Completion()
        for participant in course.participants.filter(person__isnull=False, training_record__isnull=True):
            done = has_completed(present.get(participant.pk, 0), course)
            participant.training_record = TrainingRecord.objects.create(
                person_id=participant.person_id,
                kind=course.kind,
                course=course.title,
                start_date=course.start_date,
                end_date=course.end_date,
                completed=done,
            )
            participant.save(update_fields=["training_record"])
            result.records += 1
            result.completed += int(done)
        course.status = TrainingClass.Status.COMPLETED
        course.completed_at = timezone.now()
        course.version += 1
        course.save(update_fields=["status", "completed_at", "version"])
    return result


# --- Figures for the class page ----------------------------------------------------------------------------


def units_on(course: TrainingClass, participants: list[Participant]) -> dict[int, str]:
    """The unit each registry participant worked at on the first day of the class, by person id."""
    ids = [p.person_id for p in participants if p.person_id]
    found: dict[int, str] = {}
    for job in (
        Employment.objects.filter(person_id__in=ids)
        .filter(active_on_q(course.start_date))
        .select_related("unit")
        .order_by("person_id", "-start_date")
    ):
        found.setdefault(job.person_id, job.unit.name)
    return found


def unit_name(participant: Participant, units: dict[int, str]) -> str:
    """Where the participant comes from: their unit, followed by the agency that sent them when that is another
    ("Văn phòng Sở, Sở Y tế"); a guest's agency as typed."""
    sent_by = participant.nominated_by.unit.name if participant.nominated_by else ""
    if not participant.person_id:
        return participant.guest_unit_text or sent_by
    own = units.get(participant.person_id, "")
    if own and sent_by and own != sent_by:
        return f"{own}, {sent_by}"
    return own or sent_by


@dataclass
class DayRate:
    day: datetime.date
    present: int
    rate: float | None  # share of the participants, in per cent


@dataclass
class ClassFigures:
    total: int = 0
    female: int = 0
    male: int = 0
    minority: int = 0
    guests: int = 0
    by_nomination: dict[int, int] = field(default_factory=dict)
    days: list[DayRate] = field(default_factory=list)
    evaluated: int = 0
    before: float | None = None
    after: float | None = None
    satisfaction: float | None = None
    completed: int = 0  # registry participants whose record says completed


def figures(course: TrainingClass) -> ClassFigures:
    participants = list(course.participants.select_related("person", "training_record"))
    result = ClassFigures(total=len(participants))
    sexes = Counter(p.sex for p in participants)
    result.female, result.male = sexes.get("F", 0), sexes.get("M", 0)
    result.minority = sum(1 for p in participants if p.is_minority)
    result.guests = sum(1 for p in participants if p.is_guest)
    result.by_nomination = dict(Counter(p.nominated_by_id for p in participants if p.nominated_by_id))
    per_day = dict(
        Attendance.objects.filter(participant__training_class=course, present=True)
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for day in course.days:
        present = per_day.get(day, 0)
        result.days.append(DayRate(day, present, 100 * present / result.total if result.total else None))
    scored = [p for p in participants if p.score_before is not None or p.score_after is not None
              or p.satisfaction is not None]  # fmt: skip
    result.evaluated = len(scored)
    result.before = _mean([p.score_before for p in scored])
    result.after = _mean([p.score_after for p in scored])
    result.satisfaction = _mean([p.satisfaction for p in scored])
    result.completed = sum(1 for p in participants if p.training_record is not None and p.training_record.completed)
    return result


def _mean(values: list[Any]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return sum(present) / len(present) if present else None


def visible_classes(user: Any) -> QuerySet[TrainingClass]:
    return scope.restrict(TrainingClass.objects.select_related("organiser"), user, "view")


def nominee_units(user: Any, course: TrainingClass | None = None) -> QuerySet[OrgUnit]:
    """Units a class may ask to send people: the agencies of the organiser's province (their names are public;
    the organiser needs them whatever its own scope) and every unit in the user's scope, in force today."""
    today = timezone.localdate()
    unit = course.organiser if course is not None and course.organiser_id else getattr(user, "unit", None)
    if unit is None:  # a national administrator: the provinces and their agencies, not 35,000 units
        wanted = Q(depth__lte=2, is_agency=True) | Q(depth=1)
    else:
        top = user.unit.depth if getattr(user, "unit", None) is not None else unit.depth
        mine = scope.units_q(user) & Q(depth__lte=top + 2)
        wanted = (Q(is_agency=True) & subtree_q(unit.path[: OrgUnit.steplen])) | mine
    return OrgUnit.objects.filter(wanted).filter(valid_from__lte=today).exclude(valid_to__lt=today).order_by("path")
