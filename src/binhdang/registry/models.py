"""The staff registry: people and the dated facts about them (employment, posts, pool, training)."""

from __future__ import annotations

import datetime
import re
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.core.models import DatedFact, active_on_q
from binhdang.core.vietnamese import fold, name_sort_key, normalise
from binhdang.orgs.models import OrgUnit
from binhdang.registry.choices import (
    ETHNICITY_CHOICES,
    CivilServiceRank,
    Degree,
    EmploymentType,
    ITLevel,
    LanguageLevel,
    PostLevel,
    PostRank,
    Sex,
    StateManagementLevel,
    TheoryLevel,
    TrainingKind,
)

# Letters (any script, with combining marks), spaces, hyphen, apostrophe and dot — nothing else in a name.
NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$")
MIN_AGE, MAX_AGE = 15, 75


def validate_name(value: str) -> None:
    if value and not NAME_RE.match(normalise(value)):
        raise ValidationError(
            _("“%(value)s” is not a valid name: use letters, spaces and hyphens only."),
            params={"value": value},
            code="invalid_name",
        )


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_unit_and_age(fact: Employment | Post) -> None:
    """A job or post starts while its unit is in force and once the person is of working age."""
    errors: dict[str, str] = {}
    start = fact.start_date
    if start and fact.unit_id:
        unit = fact.unit
        if start < unit.valid_from or (unit.valid_to is not None and start > unit.valid_to):
            errors["start_date"] = _("“%(unit)s” is not in force on %(day)s.") % {
                "unit": unit.name,
                "day": start.strftime("%d/%m/%Y"),
            }
    if start and fact.person_id and fact.person.birth_date and age_on(fact.person.birth_date, start) < MIN_AGE:
        errors["start_date"] = _("The person was under %(min)s years old on %(day)s.") % {
            "min": MIN_AGE,
            "day": start.strftime("%d/%m/%Y"),
        }
    if errors:
        raise ValidationError(errors)


class PersonQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """With "view": people who work or once worked in the user's subtree (a former employee's name and history
        there); "record" and "change": those whose present record it holds (`scope.present_q`)."""
        from binhdang.accounts import scope

        right = "change_person" if action == "change" else "view_person"
        if action not in ("view", "record", "change") or not scope.has_right(user, right):
            return self.none()
        return self.filter(scope.persons_q(user) if action == "view" else scope.present_q(user))


class UnitFactQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """Employments and posts in units of the user's subtree; changed only while the person's present record
        is the subtree's (a former employee's history there is read only)."""
        from binhdang.accounts import scope

        right = {"view": "view_person", "change": "change_person"}.get(action)
        if right is None or not scope.has_right(user, right):
            return self.none()
        here = self.filter(scope.units_q(user, "unit__"))
        return here if action == "view" else here.filter(scope.present_q(user, "person_id"))


class PersonFactQuerySet(models.QuerySet):
    # Whether a former employee's facts that started while they worked in the subtree stay visible there; an
    # undated fact (a language) cannot be placed in that time and stays with the present record.
    dated = True

    def restrict(self, user: Any, action: str = "view") -> Self:
        """Facts of the people whose present record the user's subtree holds; a former employee's dated facts
        from the time they worked there are seen, read only."""
        from binhdang.accounts import scope

        right = {"view": "view_person", "change": "change_person"}.get(action)
        if right is None or not scope.has_right(user, right):
            return self.none()
        present = scope.present_q(user, "person_id")
        if action == "view" and self.dated:
            return self.filter(present | scope.dated_here_q(user))
        return self.filter(present)


class UndatedPersonFactQuerySet(PersonFactQuerySet):
    dated = False


class ImportJobQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """An import is an HR operation: seeing one shows its file's names and findings."""
        from binhdang.accounts import scope

        if not scope.has_right(user, "change_person"):
            return self.none()
        return self.filter(scope.units_q(user, "unit__"))


class Person(models.Model):
    family_name = models.CharField(_("family and middle name"), max_length=80, validators=[validate_name])
    given_name = models.CharField(_("given name"), max_length=40, validators=[validate_name])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    # Unknown (null) until someone who may see it records it: a sensitive fact is never guessed.
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=ETHNICITY_CHOICES, null=True, blank=True, default=None
    )
    employment_type = models.CharField(_("employment type"), max_length=16, choices=EmploymentType.choices)
    civil_service_rank = models.CharField(
        _("civil-service rank"), max_length=16, choices=CivilServiceRank.choices, default=CivilServiceRank.SPECIALIST
    )
    degree = models.CharField(_("highest degree"), max_length=16, choices=Degree.choices, default=Degree.BACHELOR)
    political_theory = models.CharField(
        _("political theory"), max_length=16, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    state_management = models.CharField(
        _("state management training"),
        max_length=16,
        choices=StateManagementLevel.choices,
        default=StateManagementLevel.NONE,
    )
    it_level = models.CharField(_("IT skills"), max_length=16, choices=ITLevel.choices, default=ITLevel.BASIC)
    party_member_since = models.DateField(_("party member since"), null=True, blank=True)
    employee_code = models.CharField(_("employee code"), max_length=32)
    province = models.ForeignKey(OrgUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    # Derived on save: accent-folded full name for search, and the Vietnamese sort key.
    search_text = models.CharField(max_length=160, editable=False, db_index=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # Sensitive personal data (Nghị định 13/2023/NĐ-CP): shown, filtered on and entered only with "view_sensitive".
    sensitive_fields = ("ethnicity", "party_member_since")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("staff")
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "employee_code"], name="person_code_unique_in_province"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def derive(self) -> None:
        """Normalise the names and code, and compute the search text and sort key (also before bulk_create)."""
        self.family_name = normalise(self.family_name)
        self.given_name = normalise(self.given_name)
        self.employee_code = normalise(self.employee_code)
        self.search_text = fold(self.full_name)[:160]
        self.sort_key = name_sort_key(self.family_name, self.given_name)[:400]

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    def age(self, day: datetime.date | None = None) -> int:
        return age_on(self.birth_date, day or datetime.date.today())

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        today = datetime.date.today()
        if self.birth_date:
            if self.birth_date > today:
                errors["birth_date"] = _("The date of birth is in the future.")
            elif not MIN_AGE <= age_on(self.birth_date, today) <= MAX_AGE:
                errors["birth_date"] = _("Age %(age)s is outside %(min)s–%(max)s years.") % {
                    "age": age_on(self.birth_date, today),
                    "min": MIN_AGE,
                    "max": MAX_AGE,
                }
        if self.party_member_since:
            if self.party_member_since > today:
                errors["party_member_since"] = _("The date of admission to the Party is in the future.")
            elif self.birth_date and age_on(self.birth_date, self.party_member_since) < 18:
                errors["party_member_since"] = _("Admission to the Party is possible from 18 years of age.")
        if self.employee_code and not normalise(self.employee_code):
            # Only invisible characters: saved, the code would be empty.
            errors["employee_code"] = _("This field cannot be blank.")
        elif self.employee_code and self.province_id:
            # Compared as it will be saved (normalised: invisible spaces dropped, runs collapsed).
            code = normalise(self.employee_code)
            clash = Person.objects.filter(province_id=self.province_id, employee_code__iexact=code)
            if clash.exclude(pk=self.pk).exists():
                errors["employee_code"] = _("The employee code “%(code)s” is already used in this province.") % {
                    "code": code
                }
        if errors:
            raise ValidationError(errors)

    def current_employment(self, day: datetime.date | None = None) -> Employment | None:
        return self.employments.filter(active_on_q(day or datetime.date.today())).select_related("unit").first()


class ForeignLanguage(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=40)
    level = models.CharField(pgettext_lazy("foreign language", "level"), max_length=8, choices=LanguageLevel.choices)

    objects = UndatedPersonFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("foreign language")
        verbose_name_plural = _("foreign languages")
        constraints = [models.UniqueConstraint(fields=["person", "language"], name="language_once_per_person")]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"

    def clean(self) -> None:
        super().clean()
        # One record per language, however it is written ("Tiếng Anh", "TIẾNG ANH", "tiếng  anh"). Compared
        # here rather than with __iexact, which SQLite applies to ASCII letters only.
        if self.person_id and self.language:
            wanted = normalise(self.language).casefold()
            others = ForeignLanguage.objects.filter(person_id=self.person_id).exclude(pk=self.pk)
            if any(normalise(other).casefold() == wanted for other in others.values_list("language", flat=True)):
                raise ValidationError({"language": _("This language is already recorded for this person.")})


class Employment(DatedFact):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="employments")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="employments")

    objects = UnitFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employment")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["unit", "start_date", "end_date"], name="employment_unit_span_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.unit}"

    def clean(self) -> None:
        super().clean()
        check_unit_and_age(self)
        if self.person_id and self.start_date and not self.end_date_before_start():
            clash = Employment.objects.filter(person_id=self.person_id).exclude(pk=self.pk)
            clash = [e for e in clash if e.overlaps(self)]
            if clash:
                raise ValidationError(
                    {
                        "start_date": _("This employment overlaps the employment at %(unit)s from %(start)s.")
                        % {"unit": clash[0].unit.name, "start": clash[0].start_date.strftime("%d/%m/%Y")}
                    }
                )

    def end_date_before_start(self) -> bool:
        return bool(self.end_date and self.start_date and self.end_date < self.start_date)


class Post(DatedFact):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="posts")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("title"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=PostLevel.choices)
    rank = models.CharField(_("head or deputy"), max_length=8, choices=PostRank.choices)
    is_key_leader = models.BooleanField(_("key leader"), default=False)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = UnitFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("leadership post")
        verbose_name_plural = _("leadership posts")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["unit", "start_date", "end_date"], name="post_unit_span_idx")]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"

    def clean(self) -> None:
        super().clean()
        check_unit_and_age(self)
        if not (self.person_id and self.unit_id and self.start_date):
            return
        if self.end_date and self.end_date < self.start_date:
            return
        others = Post.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk).select_related("person")
        for other in others:
            if not other.overlaps(self):
                continue
            if other.person_id == self.person_id:
                raise ValidationError(
                    {
                        "start_date": _("%(person)s already holds the post “%(title)s” in this unit from %(start)s.")
                        % {
                            "person": other.person.full_name,
                            "title": other.title,
                            "start": other.start_date.strftime("%d/%m/%Y"),
                        }
                    }
                )
            if self.rank == PostRank.HEAD and other.rank == PostRank.HEAD and other.title == self.title:
                raise ValidationError(
                    {
                        "start_date": _("%(person)s is already “%(title)s” of this unit from %(start)s.")
                        % {
                            "person": other.person.full_name,
                            "title": other.title,
                            "start": other.start_date.strftime("%d/%m/%Y"),
                        }
                    }
                )


class PoolEntry(DatedFact):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="pool_entries")
    title = models.CharField(_("title planned for"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=PostLevel.choices)
    period_start = models.PositiveSmallIntegerField(
        _("period from (year)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period_end = models.PositiveSmallIntegerField(
        _("period to (year)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)

    objects = PersonFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("succession pool entry")
        verbose_name_plural = _("succession pool")
        ordering = ["-period_start", "-start_date"]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} ({self.period})"

    @property
    def period(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end:
            if self.period_end <= self.period_start:
                raise ValidationError({"period_end": _("The period must end after it starts (e.g. 2025–2030).")})
            if self.period_end - self.period_start > 10:
                raise ValidationError({"period_end": _("A pool period is at most 10 years long.")})


class TrainingRecord(DatedFact):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="training_records"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=TrainingKind.choices)
    course = models.CharField(_("course"), max_length=200)
    completed = models.BooleanField(_("completed"), default=False)
    certificate = models.CharField(_("certificate"), max_length=120, blank=True)

    objects = PersonFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"


class ImportJob(models.Model):
    """One upload of a staff workbook: the file, who sent it where, the check's findings, the outcome."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("checked")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported")

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("imported into"), on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64)
    file_size = models.PositiveIntegerField(_("size (bytes)"))
    data = models.BinaryField(editable=False)
    language = models.CharField(max_length=8, default="vi", editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CHECKED)
    summary = models.JSONField(_("findings"), default=dict, blank=True)
    warnings_confirmed = models.BooleanField(_("warnings confirmed"), default=False)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def batch(self) -> str:
        return f"import-{self.pk}"

    @property
    def error_count(self) -> int:
        return int(self.summary.get("error_count", 0))

    @property
    def warning_count(self) -> int:
        return int(self.summary.get("warning_count", 0))

    @property
    def can_run(self) -> bool:
        return self.status == self.Status.CHECKED and self.error_count == 0
