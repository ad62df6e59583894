"""Plans (Kế hoạch): the documents an agency works to, with what they contain — legal bases, objectives,
tasks and measures, report deadlines, budget lines, recipients and signer. Targets (indicators app)
belong to a plan. A plan can be read from its Word/PDF/text document (`plans.ingest`) into a
`PlanDraft`, which the user reviews field by field before it becomes a plan."""

from __future__ import annotations

import datetime
import pathlib
import re
import uuid
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.core.models import ScopedQuerySet
from binhdang.core.validators import validate_no_markup
from binhdang.orgs.models import OrgUnit


class IssuedQuerySet(models.QuerySet):
    """Plans and what hangs on them: a unit sees its own and its subtree's, and those of the units above it,
    which apply to it (the province's plan binds its agencies); it changes only its subtree's."""

    issuer_path = "issuer"  # how a row reaches the unit that issued it

    def restrict(self, user: Any, action: str = "view") -> Self:
        from binhdang.accounts import scope

        field = self.issuer_path
        if action == "view":
            path = scope.root_path(user)
            if not scope.has_right(user, "view_aggregate") or path is None:
                return self.none()
            if path == "":
                return self
            return self.filter(
                scope.units_q(user, f"{field}__") | Q(**{f"{field}__path__in": scope.ancestor_paths(user)})
            )
        if not scope.has_right(user, "manage_plans"):
            return self.none()
        return self.filter(scope.units_q(user, f"{field}__"))


class PlanPartQuerySet(IssuedQuerySet):
    """A part of a plan (its legal basis, objectives, deadlines, budget) is seen and changed with the plan."""

    issuer_path = "plan__issuer"


class TaskQuerySet(PlanPartQuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """With "progress": the unit in charge reports progress on its task, even on a plan issued above it, as do
        those who may change the plan."""
        from binhdang.accounts import scope

        if action != "progress":
            return super().restrict(user, action)
        if not scope.has_right(user, "record_activities"):
            return self.none()
        planners = self.model._default_manager.all().restrict(user, "change").values("pk")
        return self.filter(scope.units_q(user, "unit_in_charge__") | Q(pk__in=planners))


class TaskProgressQuerySet(IssuedQuerySet):
    issuer_path = "task__plan__issuer"


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class PlanStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Plan(models.Model):
    # "number" and "title" alone read as a quantity and a person's post (they are translated elsewhere so).
    number = models.CharField(_("document number"), max_length=64, blank=True, validators=[validate_no_markup])
    title = models.CharField(_("plan title"), max_length=500, validators=[validate_no_markup])
    issuer = models.ForeignKey(OrgUnit, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="plans")
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(
        _("period from (year)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period_end = models.PositiveSmallIntegerField(
        _("period to (year)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    implements = models.ForeignKey(
        "self",
        verbose_name=_("implements"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implemented_by",
    )
    number_as_printed = models.CharField(_("number as printed"), max_length=120, blank=True)
    place = models.CharField(_("place"), max_length=80, blank=True, validators=[validate_no_markup])
    # "ngày tháng 5 năm 2022": plans are often signed with the day left blank for the clerk to fill in.
    issued_precision = models.CharField(
        _("date known to the"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    general_objective = models.TextField(_("overall objective"), blank=True, validators=[validate_no_markup])
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True, validators=[validate_no_markup])
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True, validators=[validate_no_markup])
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    outline = models.JSONField(_("outline of the document"), default=list, blank=True, editable=False)
    document = models.FileField(_("original document"), upload_to="plans/%Y/", blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # A plan withdrawn (or replaced by a new version) is kept, read-only, with its targets out of force.
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.IN_FORCE)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"), max_length=500, blank=True, validators=[validate_no_markup]
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )

    objects = IssuedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}" if self.number else self.title

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period must end after it starts (e.g. 2025–2030).")})

    @property
    def withdrawn(self) -> bool:
        return self.status == PlanStatus.WITHDRAWN

    def withdraw(self, reason: str, superseded_by: Plan | None = None, day: datetime.date | None = None) -> None:
        """Take the plan out of force with its targets (kept, read-only); the audit log records who and when."""
        from binhdang.indicators.models import Target

        self.status = PlanStatus.WITHDRAWN
        self.withdrawn_on = day or timezone.localdate()
        self.withdrawal_reason = reason[:500]
        self.superseded_by = superseded_by
        self.version = (self.version or 0) + 1
        self.save(update_fields=["status", "withdrawn_on", "withdrawal_reason", "superseded_by", "version"])
        for target in Target.objects.filter(plan=self, in_force=True):
            target.in_force = False
            target.save(update_fields=["in_force"])

    @property
    def issued_display(self) -> str:
        """The signing date as far as it is known: 06/09/2021, 05/2022 or 2021."""
        if self.issued_on is None:
            return ""
        if self.issued_precision == DatePrecision.YEAR:
            return f"{self.issued_on.year}"
        if self.issued_precision == DatePrecision.MONTH:
            return self.issued_on.strftime("%m/%Y")
        return self.issued_on.strftime("%d/%m/%Y")


class LegalBasis(models.Model):
    """A higher document the plan rests on ("Căn cứ …") or carries out ("Thực hiện …")."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("wording"), validators=[validate_no_markup])
    number = models.CharField(_("document number"), max_length=120, blank=True, validators=[validate_no_markup])
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.number or self.text[:80]


class Objective(models.Model):
    """A specific objective (mục tiêu cụ thể) as worded in the plan; its numbers become targets."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=16, blank=True)  # "a)", "Mục tiêu 1"
    text = models.TextField(_("wording"), validators=[validate_no_markup])

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("specific objective")
        verbose_name_plural = _("specific objectives")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:80]}".strip()


class Recurrence(models.TextChoices):
    ONCE = "once", _("once, by a date")
    YEARLY = "yearly", _("every year")
    HALF_YEARLY = "half_yearly", _("every half-year")
    QUARTERLY = "quarterly", _("every quarter")
    CONTINUOUS = "continuous", _("continuously")


class Task(models.Model):
    """A task or measure (nhiệm vụ, giải pháp) with the unit in charge (chủ trì) and the units
    that cooperate (phối hợp). Units named in the text that are not in the tree stay as text."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("section"), max_length=32, blank=True)  # "III.1.a"
    text = models.TextField(_("task"), validators=[validate_no_markup])
    unit_in_charge = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks_in_charge",
    )
    unit_in_charge_text = models.CharField(
        _("unit in charge as written"), max_length=300, blank=True, validators=[validate_no_markup]
    )
    cooperating_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("cooperating units"), blank=True, related_name="tasks_cooperating"
    )
    cooperating_text = models.CharField(
        _("cooperating units as written"), max_length=500, blank=True, validators=[validate_no_markup]
    )
    recurrence = models.CharField(_("when"), max_length=16, choices=Recurrence.choices, default=Recurrence.ONCE)
    due_date = models.DateField(_("due date"), null=True, blank=True)  # once: the date; yearly: day and month used
    # As the plan writes them under the task's heading: "- Thời gian thực hiện: …", "- Đối tượng: …".
    schedule_text = models.CharField(
        _("time frame as written"), max_length=300, blank=True, validators=[validate_no_markup]
    )
    participants = models.CharField(
        _("target participants"), max_length=500, blank=True, validators=[validate_no_markup]
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:80]}".strip()

    def clean(self) -> None:
        super().clean()
        # A task without a date is allowed: plans often say "thường xuyên" (continuously) or nothing.
        if self.due_date and self.plan_id and not 2000 <= self.due_date.year <= 2100:
            raise ValidationError({"due_date": _("The date must lie between 2000 and 2100.")})

    def occurrences(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        """Due dates of this task between start and end (inclusive), within the plan's period."""
        if self.due_date is None or self.recurrence == Recurrence.CONTINUOUS:
            return []
        if self.recurrence == Recurrence.ONCE:
            return [self.due_date] if start <= self.due_date <= end else []
        step = {Recurrence.YEARLY: 12, Recurrence.HALF_YEARLY: 6, Recurrence.QUARTERLY: 3}[self.recurrence]
        first_year = max(start.year, self.plan.period_start) if self.plan_id else start.year
        last_year = min(end.year, self.plan.period_end) if self.plan_id else end.year
        found = []
        for year in range(first_year, last_year + 1):
            for offset in range(0, 12, step):
                month = (self.due_date.month - 1 + offset) % 12 + 1
                day = min(self.due_date.day, _days_in_month(year, month))
                when = datetime.date(year, month, day)
                if start <= when <= end:
                    found.append(when)
        return sorted(found)

    def add_progress(
        self, author: Any, note: str, status: str, evidence: bytes | None = None, evidence_name: str = ""
    ) -> TaskProgress:
        """A progress note, the task's status set to what the note says, and the version counted up so that an
        edit form opened before the note cannot put the old status back."""
        progress = TaskProgress.objects.create(
            task=self, author=author, note=note, status=status, evidence_name=evidence_name if evidence else ""
        )
        if evidence:
            store_file(progress, "evidence", evidence, evidence_name)
        self.status = status
        self.version = (self.version or 0) + 1
        self.save(update_fields=["status", "version"])
        return progress

    def next_due(self, today: datetime.date) -> datetime.date | None:
        later = self.occurrences(today, today.replace(year=min(today.year + 2, 9999)))
        return later[0] if later else None

    def is_overdue(self, today: datetime.date) -> bool:
        """A one-off task past its date and not done; a recurring one whose last due date passed with
        no progress note since the one before it."""
        if self.status in (self.Status.DONE, self.Status.CANCELLED):
            return False
        if self.recurrence == Recurrence.ONCE:
            return self.due_date is not None and self.due_date < today
        past = self.occurrences(today.replace(year=max(today.year - 2, 1)), today - datetime.timedelta(days=1))
        if not past:
            return False
        previous = past[-2] if len(past) > 1 else datetime.date(past[-1].year - 1, past[-1].month, 1)
        notes = getattr(self, "_prefetched_objects_cache", {}).get("progress")
        if notes is not None:  # a list of tasks prefetches their notes: no query per task
            return not any(timezone.localtime(note.at).date() > previous for note in notes)
        return not self.progress.filter(at__date__gt=previous).exists()


def store_file(instance: models.Model, field: str, content: bytes, name: str) -> None:
    """Keep `content` as the file in `instance.<field>`, stored under a random name (the user's file name is
    kept in a name field beside it). Written with update(): the audit log records that name field, which a
    person can read, rather than the stored file."""
    file_field = instance._meta.get_field(field)
    suffix = pathlib.PurePath(name).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    stored = file_field.storage.save(
        file_field.generate_filename(instance, uuid.uuid4().hex + suffix), ContentFile(content)
    )
    type(instance)._default_manager.filter(pk=instance.pk).update(**{field: stored})
    setattr(instance, field, stored)


def _days_in_month(year: int, month: int) -> int:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


class TaskProgress(models.Model):
    """A progress note on a task, with an optional evidence file (minutes, photos, a report)."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="progress")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("progress note"), validators=[validate_no_markup])
    status = models.CharField(_("status afterwards"), max_length=16, choices=Task.Status.choices)
    evidence = models.FileField(_("evidence"), upload_to="tasks/%Y/", blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)

    objects = TaskProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.note[:80]


class ReportKind(models.TextChoices):
    HALF_YEAR = "half_year", _("half-year report")
    ANNUAL = "annual", _("annual report")
    AD_HOC = "ad_hoc", _("ad-hoc report")


class ReportDeadline(models.Model):
    """When the plan wants a report and to whom: "định kỳ 6 tháng (trước ngày 5/6)" recurs every year
    (`recurring`, only day and month count); "trước ngày 15/6/2021" is one date."""

    class Reporter(models.TextChoices):
        ISSUER = "issuer", _("the issuing unit reports upward")
        SUBORDINATES = "subordinates", _("the agencies below the issuer report to it")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="report_deadlines")
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    reporter = models.CharField(_("who reports"), max_length=16, choices=Reporter.choices, default=Reporter.ISSUER)
    due_date = models.DateField(_("due date"))
    recurring = models.BooleanField(_("every year"), default=False)
    recipient = models.CharField(_("sent to"), max_length=300, blank=True, validators=[validate_no_markup])
    text = models.CharField(_("wording in the plan"), max_length=500, blank=True, validators=[validate_no_markup])

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("report deadline")
        verbose_name_plural = _("report deadlines")
        ordering = ["plan", "due_date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_display}"

    @property
    def due_display(self) -> str:
        return self.due_date.strftime("%d/%m") if self.recurring else self.due_date.strftime("%d/%m/%Y")

    def occurrences(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        if not self.recurring:
            return [self.due_date] if start <= self.due_date <= end else []
        first = max(start.year, self.plan.period_start)
        last = min(end.year, self.plan.period_end)
        found = []
        for year in range(first, last + 1):
            day = min(self.due_date.day, _days_in_month(year, self.due_date.month))
            when = datetime.date(year, self.due_date.month, day)
            if start <= when <= end:
                found.append(when)
        return found


class BudgetLine(models.Model):
    """Where the money for the plan comes from (kinh phí), with an amount when the plan gives one."""

    class Source(models.TextChoices):
        STATE_BUDGET = "state_budget", _("state budget (regular spending)")
        PROGRAMME = "programme", _("national or provincial programme or project")
        UNIT = "unit", _("the unit's own funds")
        OTHER = "other", _("other sources")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="budget_lines")
    text = models.TextField(_("wording"), validators=[validate_no_markup])
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.STATE_BUDGET)
    amount = models.DecimalField(
        _("amount (VND)"), max_digits=15, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class PlanDraftQuerySet(ScopedQuerySet):
    """A draft is read from an uploaded document by those who manage the issuing unit's plans."""

    view_right = change_right = "manage_plans"


class PlanDraft(models.Model):
    """An uploaded plan document and what was read from it, waiting for the user's review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("to review")
        CONFIRMED = "confirmed", _("confirmed")
        DISCARDED = "discarded", _("discarded")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64)
    file_size = models.PositiveIntegerField(_("size (bytes)"))
    data = models.BinaryField(editable=False)
    extracted = models.JSONField(_("read from the document"), default=dict, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = PlanDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan draft")
        verbose_name_plural = _("plan drafts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name
