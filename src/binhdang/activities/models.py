"""Activities (hoạt động): what an agency did for gender equality and the advancement of women — outreach
(discussions, seminars, rallies, conferences, articles, leaflets, broadcasts), the 8/3 and 20/10
commemorations, Action Month events, awards, and inspections with their findings — with who took part,
counted by sex. They feed the half-year and annual reports (`activities.summary`) and the calendar
(`activities.events`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.core.models import Attachment, ScopedQuerySet
from binhdang.core.validators import validate_no_markup
from binhdang.core.vietnamese import format_date
from binhdang.orgs.models import OrgUnit

MAX_PARTICIPANTS = 99_999  # more people than this at one event is a typing mistake
EARLIEST = datetime.date(2000, 1, 1)
# How far a commemoration may lie from 8/3 or 20/10 before the page says the date looks odd.
COMMEMORATION_SLACK_DAYS = 14
COMMEMORATION_DAYS = ((3, 8), (10, 20))
ACTION_MONTH = ((11, 15), (12, 15))  # 15/11 – 15/12


class ActivityKind(models.TextChoices):
    DISCUSSION = "discussion", _("discussion")
    SEMINAR = "seminar", _("seminar")
    RALLY = "rally", _("rally")
    CONFERENCE = "conference", _("conference")
    ARTICLE = "article", _("article")
    LEAFLET = "leaflet", _("leaflets and printed materials")
    BROADCAST = "broadcast", _("broadcast or news post")
    COMMEMORATION = "commemoration", _("commemoration (8/3, 20/10)")
    ACTION_MONTH = "action_month", _("Action Month event")
    AWARD = "award", _("award or honouring of a role model")
    INSPECTION = "inspection", _("inspection, check or supervision")
    OTHER = "other", _("other activity")


def latest_date(today: datetime.date | None = None) -> datetime.date:
    """The last date an activity may carry: a year from today (activities are recorded ahead too)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def action_month(year: int) -> tuple[datetime.date, datetime.date]:
    (first_month, first_day), (last_month, last_day) = ACTION_MONTH
    return datetime.date(year, first_month, first_day), datetime.date(year, last_month, last_day)


def plan_applies_to(issuer: OrgUnit, unit: OrgUnit) -> bool:
    """A unit works to the plans of its own unit, of the units above it and of the units below it."""
    return unit.path.startswith(issuer.path) or issuer.path.startswith(unit.path)


def _people(label: Any) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        label,
        default=0,
        validators=[
            MaxValueValidator(
                MAX_PARTICIPANTS,
                _("At most %(limit_value)s people can be recorded for one activity; check the number."),
            )
        ],
    )


class ActivityQuerySet(ScopedQuerySet):
    """Activities belong to the unit that held them: seen by the roles that see counts, recorded by its
    `record_activities` roles."""

    view_right = "view_aggregate"
    change_right = "record_activities"


class ActivityAttachmentQuerySet(ScopedQuerySet):
    """A file (an attendance list, photos) can name people: only roles that see people open it."""

    unit_path = "activity__unit"
    view_right = "view_person"
    change_right = "record_activities"


class Activity(models.Model):
    unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind of activity"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("name of the activity"), max_length=300, validators=[validate_no_markup])
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("last day"), null=True, blank=True, help_text=_("Only if it lasted several days."))
    venue = models.CharField(_("venue"), max_length=255, blank=True, validators=[validate_no_markup])
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("plan task carried out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    audience = models.CharField(_("audience"), max_length=500, blank=True, validators=[validate_no_markup])
    participants_female = _people(_("women taking part"))
    participants_male = _people(_("men taking part"))
    participants_minority = _people(_("of whom ethnic minority"))
    cost = models.DecimalField(
        _("cost (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("The cost cannot be negative."))],
    )
    findings = models.TextField(_("findings"), blank=True, validators=[validate_no_markup])
    follow_up = models.TextField(_("follow-up"), blank=True, validators=[validate_no_markup])
    notes = models.TextField(_("notes"), blank=True, validators=[validate_no_markup])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["unit", "start_date"], name="activity_unit_date_idx")]

    def __str__(self) -> str:
        return f"{format_date(self.start_date)} {self.title}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.is_inspection:
            # Findings and follow-up belong to inspections only; the form hides them for other kinds.
            self.findings = self.follow_up = ""
        super().save(*args, **kwargs)

    @property
    def last_day(self) -> datetime.date:
        return self.end_date or self.start_date

    @property
    def participants(self) -> int:
        return (self.participants_female or 0) + (self.participants_male or 0)

    @property
    def is_inspection(self) -> bool:
        return self.kind == ActivityKind.INSPECTION

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        latest = latest_date()
        for name in ("start_date", "end_date"):
            day = getattr(self, name)
            if day is not None and not EARLIEST <= day <= latest:
                errors[name] = _("The date %(date)s is out of range: enter a date from %(first)s to %(last)s.") % {
                    "date": format_date(day),
                    "first": format_date(EARLIEST),
                    "last": format_date(latest),
                }
        if self.start_date and self.end_date and self.end_date < self.start_date and "end_date" not in errors:
            errors["end_date"] = _("The last day (%(end)s) is before the first day (%(start)s).") % {
                "end": format_date(self.end_date),
                "start": format_date(self.start_date),
            }
        dates_valid = not errors.keys() & {"start_date", "end_date"}
        if self.kind == ActivityKind.ACTION_MONTH and self.start_date and dates_valid:
            first, last = action_month(self.start_date.year)
            if not (first <= self.start_date and self.last_day <= last):
                errors["start_date"] = _(
                    "An Action Month event must take place between %(first)s and %(last)s (the Action Month for "
                    "gender equality of %(year)s); choose another kind of activity or correct the dates."
                ) % {"first": format_date(first), "last": format_date(last), "year": self.start_date.year}
        female, male, minority = self.participants_female, self.participants_male, self.participants_minority
        if None not in (female, male, minority) and minority > female + male:
            errors["participants_minority"] = _(
                "The ethnic-minority participants (%(minority)s) cannot be more than all the participants (%(total)s "
                "women and men)."
            ) % {"minority": minority, "total": female + male}
        if self.is_inspection and self.start_date and self.start_date <= timezone.localdate():
            # A planned inspection has no findings yet; one that took place must say what it found.
            for name, message in (
                ("findings", _("Write what the inspection found.")),
                ("follow_up", _("Write what follow-up was asked for (or “none”).")),
            ):
                if not (getattr(self, name) or "").strip():
                    errors[name] = message
        if self.task_id and self.unit_id:
            issuer = self.task.plan.issuer
            if not plan_applies_to(issuer, self.unit):
                errors["task"] = _(
                    "This task belongs to a plan of %(issuer)s, which %(unit)s does not work to; choose a task of "
                    "a plan of %(unit)s or of a unit above or below it."
                ) % {"issuer": issuer.name, "unit": self.unit.name}
        if errors:
            raise ValidationError(errors)

    def date_warning(self) -> str:
        """A note when a commemoration lies far from 8/3 and 20/10 (allowed: it may be held a little
        earlier or later, or mark another day)."""
        if self.kind != ActivityKind.COMMEMORATION or self.start_date is None:
            return ""
        for month, day in COMMEMORATION_DAYS:
            for year in (self.start_date.year - 1, self.start_date.year, self.start_date.year + 1):
                if abs((self.start_date - datetime.date(year, month, day)).days) <= COMMEMORATION_SLACK_DAYS:
                    return ""
        return str(
            _(
                "This commemoration is dated %(date)s, more than %(days)s days from 8/3 and from 20/10. Check the "
                "date, or record it as another kind of activity."
            )
            % {"date": format_date(self.start_date), "days": COMMEMORATION_SLACK_DAYS}
        )


class ActivityAttachment(Attachment):
    """A file kept with an activity: minutes, photos, the article, the inspection's conclusion."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="activities/%Y/")

    objects = ActivityAttachmentQuerySet.as_manager()

