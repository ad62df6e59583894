"""Targets (first-class, per indicator, unit and year, belonging to a plan) and the aggregate
values entered per unit and period for what the registry does not hold (health is counts only)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.orgs.models import OrgUnit
from binhdang.plans.models import IssuedQuerySet, Plan

PERIOD_RE = re.compile(r"^([0-9]{4})(?:-H([12]))?$")  # ASCII digits: \d would also take "٢٠٢٦"


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of "2026" (the year) or "2026-H1" / "2026-H2" (a half-year)."""
    match = PERIOD_RE.match(period)
    if not match:
        raise ValueError(period)
    year, half = int(match.group(1)), match.group(2)
    if half == "1":
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if half == "2":
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def period_label(period: str) -> str:
    """ "6 tháng đầu năm 2026", "năm 2026": a period as a user reads it (reports are titled so)."""
    start, _end = period_bounds(period)
    if period.endswith("-H1"):
        return str(_("first half of %(year)s")) % {"year": start.year}
    if period.endswith("-H2"):
        return str(_("second half of %(year)s")) % {"year": start.year}
    return str(_("year %(year)s")) % {"year": start.year}


def validate_period(value: str) -> None:
    match = PERIOD_RE.match(value or "")
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError(
            _("“%(value)s” is not a period: write a year (2026) or a half-year (2026-H1, 2026-H2)."),
            params={"value": value},
            code="invalid_period",
        )


class TargetQuerySet(IssuedQuerySet):
    """Targets follow the plans' rule through their own unit: seen below and at the unit, set in the subtree."""

    issuer_path = "unit"


class Target(models.Model):
    class Comparator(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")
        EXACTLY = "exactly", _("exactly")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    # "" = not yet mapped to a catalogue indicator: kept with the plan's wording, never evaluated.
    indicator = models.CharField(_("indicator"), max_length=64, blank=True)
    level = models.CharField(_("level"), max_length=16, blank=True)  # for indicators by level; "" = all
    unit = models.ForeignKey(OrgUnit, verbose_name=_("applies to"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    comparator = models.CharField(_("comparator"), max_length=16, choices=Comparator.choices, default="at_least")
    text = models.CharField(_("wording in the plan"), max_length=500, blank=True)
    # False once its plan is withdrawn or replaced: kept with the plan, applies nowhere.
    in_force = models.BooleanField(_("in force"), default=True, editable=False)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "level", "year"],
                condition=~models.Q(indicator="") & models.Q(in_force=True),
                name="target_once_per_unit_year",
            )
        ]

    def __str__(self) -> str:
        what = self.indicator or self.text[:60]
        return f"{what} {self.get_comparator_display()} {self.value} ({self.year})"

    def value_as_worded(self) -> str:
        """The value with a Vietnamese decimal comma, and "%" when the plan's wording is a share: an unmapped
        target has no indicator to say which it is."""
        text = format(Decimal(self.value).normalize(), "f").replace(".", ",")
        return text + "%" if "%" in self.text or "phần trăm" in self.text.lower() else text

    def clean(self) -> None:
        super().clean()
        from binhdang.indicators.catalogue import BY_CODE

        indicator = BY_CODE.get(self.indicator)
        if self.indicator and indicator is None:
            raise ValidationError({"indicator": _("Unknown indicator.")})
        if not self.indicator and not self.text:
            raise ValidationError({"text": _("A target not yet mapped to an indicator needs the plan's wording.")})
        is_share = indicator.is_share if indicator else "%" in self.text
        if is_share and self.value is not None and self.value > 100:
            raise ValidationError({"value": _("A share is at most 100%.")})
        if self.plan_id and self.year and not self.plan.period_start <= self.year <= self.plan.period_end:
            raise ValidationError(
                {"year": _("The year is outside the plan's period (%(period)s).") % {"period": self.plan_period}}
            )

    @property
    def plan_period(self) -> str:
        return f"{self.plan.period_start}–{self.plan.period_end}"


class AggregateValue(models.Model):
    unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    element = models.CharField(_("data element"), max_length=64)
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    female = models.PositiveIntegerField(_("women"), null=True, blank=True)
    male = models.PositiveIntegerField(_("men"), null=True, blank=True)
    total = models.PositiveIntegerField(_("number"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("entered value")
        verbose_name_plural = _("entered values")
        constraints = [
            models.UniqueConstraint(fields=["unit", "element", "period"], name="aggregate_once_per_unit_period")
        ]

    def __str__(self) -> str:
        return f"{self.element} {self.period}"
