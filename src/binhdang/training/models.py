"""Training classes (lớp tập huấn): a class an agency organises, the units it asks to send people
(nominations, each with a quota), the people enrolled (registry staff or guests), their attendance day by
day and their evaluation. Completing a class writes a registry training record for every registry
participant, which the person's page and the indicators then count."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.core.validators import validate_no_markup
from binhdang.core.vietnamese import KINH_CODE, format_date
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.registry.choices import Sex, TrainingKind
from binhdang.registry.models import validate_name

# A class has one attendance column per day: longer courses are not classes (and would be a 300-column grid).
MAX_DAYS = 62


class TrainingQuerySet(models.QuerySet):
    """Training classes: run ("change": edit, nominations, attendance, completion) by the organiser's side; seen
    there, by the units below the organiser (as the plans of the units above) and by each unit asked to send
    people (nominated) and the units below it. Those "enrol" their own staff under their own nominations and may
    remove them again. Nominations, participants and attendance otherwise follow their class."""

    class_path = ""  # how a row reaches its class, e.g. "training_class__"
    rights = {"view": "view_aggregate", "names": "view_person"}  # any other action needs "record_activities"

    def restrict(self, user: Any, action: str = "view") -> Self:
        from binhdang.accounts import scope

        path = scope.root_path(user)
        if path is None or not scope.has_right(user, self.rights.get(action, "record_activities")):
            return self.none()
        if path == "":
            return self
        prefix = self.class_path
        organiser = subtree_q(path, f"{prefix}organiser__")
        if action == "change":
            return self.filter(organiser)
        own_and_above = scope.ancestor_paths(user, own=True)
        nominated = Nomination.objects.filter(subtree_q(path, "unit__") | Q(unit__path__in=own_and_above)).values("pk")
        narrowed = self.narrow(user, action, organiser, nominated)
        if narrowed is not None:
            return narrowed
        sent = Q(**{f"{prefix}pk__in": Nomination.objects.filter(pk__in=nominated).values("training_class_id")})
        if action == "enrol":
            return self.filter(organiser | sent)
        if action != "view":
            return self.none()
        return self.filter(organiser | sent | Q(**{f"{prefix}organiser__path__in": own_and_above}))

    def narrow(self, user: Any, action: str, organiser: Q, nominated: Any) -> Self | None:
        """A model's own reading of `action` beyond the organiser's side, or None for the class's rule."""
        return None


class NominationQuerySet(TrainingQuerySet):
    class_path = "training_class__"

    def narrow(self, user: Any, action: str, organiser: Q, nominated: Any) -> Self | None:
        # A unit enrols under its own nominations (and those of the units above it that reach it).
        return self.filter(organiser | Q(pk__in=nominated)) if action == "enrol" else None


class ParticipantQuerySet(TrainingQuerySet):
    class_path = "training_class__"

    def narrow(self, user: Any, action: str, organiser: Q, nominated: Any) -> Self | None:
        """A participant's name ("names") is seen by the organiser's side and by the participant's own side only:
        the units whose present record the person is, or, for a guest, the unit that sent them."""
        from binhdang.accounts import scope
        from binhdang.registry.models import Person

        if action not in ("names", "enrol"):
            return None
        # A former employee's training at another agency is part of their present record, not ours.
        own_people = Q(person_id__in=Person.objects.filter(scope.present_q(user)).values("pk"))
        sent_by_mine = Q(nominated_by__in=nominated)
        if action == "names":
            return self.filter(organiser | own_people | (Q(person__isnull=True) & sent_by_mine))
        return self.filter(organiser | (sent_by_mine & (own_people | Q(person__isnull=True))))


class AttendanceQuerySet(TrainingQuerySet):
    class_path = "participant__training_class__"


class TrainingClass(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open for enrolment")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    organiser = models.ForeignKey(
        OrgUnit, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="training_classes"
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_classes",
    )
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task of the plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_classes",
    )
    title = models.CharField(_("name of the class"), max_length=200, validators=[validate_no_markup])
    content = models.TextField(_("content"), blank=True, validators=[validate_no_markup])
    kind = models.CharField(
        _("kind of training"), max_length=24, choices=TrainingKind.choices, default=TrainingKind.GENDER_MAINSTREAMING
    )
    target_groups = models.TextField(_("participants expected"), blank=True, validators=[validate_no_markup])
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=300, blank=True, validators=[validate_no_markup])
    trainers = models.TextField(
        _("trainers"), blank=True, validators=[validate_no_markup], help_text=_("One trainer per line.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    completion_threshold = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the class days a participant must attend for the training to count as completed."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-start_date", "title", "pk"]
        indexes = [models.Index(fields=["start_date", "end_date"], name="training_class_dates_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        for name in ("start_date", "end_date"):
            day = getattr(self, name)
            if day and not 2000 <= day.year <= 2100:
                errors[name] = _("The date must lie between 2000 and 2100.")
        if not errors and self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("The last day (%(end)s) is before the first day (%(start)s).") % {
                    "end": format_date(self.end_date),
                    "start": format_date(self.start_date),
                }
            elif (self.end_date - self.start_date).days >= MAX_DAYS:
                errors["end_date"] = _("A class lasts at most %(days)d days.") % {"days": MAX_DAYS}
        if self.task_id and self.plan_id and self.task.plan_id != self.plan_id:
            errors["task"] = _("This task belongs to another plan.")
        if errors:
            raise ValidationError(errors)

    @property
    def days(self) -> list[datetime.date]:
        """Every day of the class, first to last."""
        if not self.start_date or not self.end_date or self.end_date < self.start_date:
            return []
        count = min((self.end_date - self.start_date).days + 1, MAX_DAYS)
        return [self.start_date + datetime.timedelta(days=n) for n in range(count)]

    @property
    def dates_display(self) -> str:
        if self.start_date == self.end_date:
            return format_date(self.start_date)
        return f"{format_date(self.start_date)} – {format_date(self.end_date)}"

    @property
    def trainer_list(self) -> list[str]:
        return [line.strip() for line in self.trainers.splitlines() if line.strip()]

    @property
    def is_closed(self) -> bool:
        """Completed or cancelled: the list of participants and their attendance no longer change."""
        return self.status in (self.Status.COMPLETED, self.Status.CANCELLED)


class Nomination(models.Model):
    """A unit asked to send people to a class ("cử cán bộ tham gia"), up to a quota."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("training class"), on_delete=models.CASCADE, related_name="nominations"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit asked to send people"), on_delete=models.PROTECT, related_name="+"
    )
    quota = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[validate_no_markup])

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["training_class", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["training_class", "unit"], name="training_nomination_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.quota})"


class Participant(models.Model):
    """One person in a class: a registry person, or a guest the registry does not hold (the Women's Union,
    a commune outside the platform), never both."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("training class"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="training_participations",
    )
    guest_name = models.CharField(_("full name"), max_length=120, blank=True, validators=[validate_name])
    guest_sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    guest_unit_text = models.CharField(_("agency"), max_length=200, blank=True, validators=[validate_no_markup])
    guest_is_minority = models.BooleanField(_("ethnic minority"), default=False)
    # Sensitive personal data (Nghị định 13/2023/NĐ-CP): read only with "view_sensitive".
    sensitive_fields = ("guest_is_minority",)
    nominated_by = models.ForeignKey(
        Nomination,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    score_before = models.DecimalField(
        _("score before the class"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
    )
    score_after = models.DecimalField(
        _("score after the class"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    training_record = models.OneToOneField(
        "registry.TrainingRecord",
        verbose_name=_("training record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_participant",
    )
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["training_class", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "person"],
                condition=Q(person__isnull=False),
                name="training_participant_person_once",
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(guest_name="")) | (Q(person__isnull=True) & ~Q(guest_name="")),
                name="training_participant_person_or_guest",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_guest(self) -> bool:
        return self.person_id is None

    @property
    def full_name(self) -> str:
        return self.person.full_name if self.person_id else self.guest_name

    @property
    def sex(self) -> str:
        return self.person.sex if self.person_id else self.guest_sex

    @property
    def is_minority(self) -> bool:
        if not self.person_id:
            return self.guest_is_minority
        # An unknown ethnicity is not counted as minority (never guessed either way).
        return self.person.ethnicity not in (None, KINH_CODE)

    def clean(self) -> None:
        super().clean()
        if self.person_id and (self.guest_name or self.guest_sex or self.guest_unit_text):
            raise ValidationError(_("A participant is either a person of the registry or a guest, not both."))
        if not self.person_id:
            errors = {}
            if not self.guest_name:
                errors["guest_name"] = _("Enter the guest's full name.")
            if not self.guest_sex:
                errors["guest_sex"] = _("Choose the guest's sex.")
            if errors:
                raise ValidationError(errors)


class Attendance(models.Model):
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["participant", "day"]
        constraints = [models.UniqueConstraint(fields=["participant", "day"], name="training_attendance_once_a_day")]

    def __str__(self) -> str:
        return f"{self.participant} {format_date(self.day)}"

    def clean(self) -> None:
        super().clean()
        if self.day and self.participant_id:
            course = self.participant.training_class
            if not course.start_date <= self.day <= course.end_date:
                raise ValidationError({"day": outside_message(course, self.day)})


def outside_message(course: TrainingClass, day: datetime.date) -> str:
    return _("%(day)s is not a day of the class (%(dates)s).") % {
        "day": format_date(day),
        "dates": course.dates_display,
    }
