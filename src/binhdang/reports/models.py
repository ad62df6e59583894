"""Half-year, annual and ad-hoc reports (báo cáo 6 tháng / năm / đột xuất) of a unit for a period.

A report fills itself from the data as of its day (`assembly.py`) while it is a draft; its figures are
frozen into `figures` when it is submitted, so what the level above accepts is what was sent. The
narrative sections are written by the secretary. Every step of the workflow is a `ReportEvent`.
"""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.core.models import Attachment
from binhdang.core.validators import validate_no_markup
from binhdang.indicators.models import period_bounds, period_label, validate_period
from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import ReportKind

# The narrative sections, in the order of the document; the first three must be written to submit.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("results", _("Results achieved")),
    ("shortcomings", _("Shortcomings and their causes")),
    ("next_steps", _("Tasks and measures for the next period")),
    ("recommendations", _("Recommendations and proposals")),
)
REQUIRED_SECTIONS = ("results", "shortcomings", "next_steps")


class ReportQuerySet(models.QuerySet):
    """Reports: seen by the unit and the units above; drafted ("change") with write_reports, submitted with
    submit_reports, reviewed (accepted or returned) only by a unit strictly above the report's unit. Its steps
    and attached files follow the report."""

    unit_path = "unit"  # how a row reaches the report's unit
    names_people = False  # an attached file can name people: only roles that see people open it

    def restrict(self, user: Any, action: str = "view") -> Self:
        from binhdang.accounts import scope

        field = self.unit_path
        if action == "view" and self.names_people and not scope.has_right(user, "view_person"):
            return self.none()
        if action == "review":
            if not scope.has_right(user, "review_reports") or scope.root_path(user) is None:
                return self.none()
            own = Q(**{f"{field}_id": user.unit_id}) if user.unit_id else Q(pk__in=[])
            return self.filter(scope.units_q(user, f"{field}__")).exclude(own)
        right = {"view": "view_aggregate", "change": "write_reports", "submit": "submit_reports"}.get(action)
        if right is None or not scope.has_right(user, right):
            return self.none()
        return self.filter(scope.units_q(user, f"{field}__"))


class ReportEventQuerySet(ReportQuerySet):
    unit_path = "report__unit"


class ReportAttachmentQuerySet(ReportEventQuerySet):
    names_people = True


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        ACCEPTED = "accepted", _("accepted")

    unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    title = models.CharField(_("report title"), max_length=300, blank=True, validators=[validate_no_markup])
    consolidated = models.BooleanField(_("consolidated from the units below"), default=False)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    as_of = models.DateField(_("figures as of"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(
        pgettext_lazy("document", "number"), max_length=64, blank=True, validators=[validate_no_markup]
    )
    results = models.TextField(_("results achieved"), blank=True, validators=[validate_no_markup])
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True, validators=[validate_no_markup])
    next_steps = models.TextField(
        _("tasks and measures for the next period"), blank=True, validators=[validate_no_markup]
    )
    recommendations = models.TextField(_("recommendations and proposals"), blank=True, validators=[validate_no_markup])
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    signer_authority_form = models.CharField(_("signing on behalf (TM./KT./TL.)"), max_length=8, blank=True)
    signer_authority = models.CharField(_("authority"), max_length=120, blank=True, validators=[validate_no_markup])
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True, validators=[validate_no_markup])
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True, validators=[validate_no_markup])
    # Frozen at submission: what the unit above receives. Empty while a draft (figures are live).
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "period"],
                condition=~models.Q(kind="ad_hoc"),
                name="report_once_per_unit_period",
            )
        ]

    def __str__(self) -> str:
        if self.kind == ReportKind.AD_HOC and self.title:
            return f"{self.title} — {self.unit}"
        # "Báo cáo năm 2025", not "Báo cáo năm Năm 2025": the label is capitalised to stand alone.
        label = self.period_label
        return str(_("Report for %(period)s — %(unit)s")) % {"period": label[:1].lower() + label[1:], "unit": self.unit}

    @property
    def period_label(self) -> str:
        """ "6 tháng đầu năm 2026", "năm 2026" — as reports are titled."""
        return period_label(self.period)

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        return period_bounds(self.period)

    @property
    def is_frozen(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    def is_late(self, today: datetime.date) -> bool:
        if self.due_date is None:
            return False
        if self.submitted_at is not None:
            # The day in Vietnam: a report sent at 06:00 on the 16th is late, though it is still the 15th in UTC.
            return timezone.localdate(self.submitted_at) > self.due_date
        return today > self.due_date


class ReportEvent(models.Model):
    """One step of a report's life: created, saved, submitted, returned (with the comment), accepted."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SAVED = "saved", _("saved")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        ACCEPTED = "accepted", _("accepted")
        REMINDED = "reminded", _("reminder sent")

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True, validators=[validate_no_markup])

    objects = ReportEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"


class ReportAttachment(Attachment):
    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="reports/%Y/")

    objects = ReportAttachmentQuerySet.as_manager()


class DocumentTemplate(models.Model):
    """A Word template (docxtpl placeholders, docs/documents.md) that replaces the built-in one for a
    unit and its subtree; the nearest one up the tree is used."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.CASCADE, related_name="document_templates"
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_markup])
    data = models.BinaryField(editable=False)
    file_name = models.CharField(_("file name"), max_length=255)
    active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Dhis2Mapping(models.Model):
    """Our code (an indicator's numerator or denominator, or an entered data element by sex) to a
    DHIS2 data element and category option combo, for the dataValueSets export."""

    code = models.CharField(_("our code"), max_length=80, unique=True)
    data_element = models.CharField(_("DHIS2 data element"), max_length=64)
    category_option_combo = models.CharField(_("DHIS2 category option combo"), max_length=64, blank=True)
    active = models.BooleanField(_("exported"), default=True)

    class Meta:
        verbose_name = _("DHIS2 mapping")
        verbose_name_plural = _("DHIS2 mappings")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} → {self.data_element}"


class SubmissionReminder(models.Model):
    """The level above reminded a unit that has not yet submitted (the people are notified through
    the calendar's reminders, in the app and by e-mail)."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("people notified"), default=0, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"
