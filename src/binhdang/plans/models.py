"""Plans (Kế hoạch): the documents an agency works to. Targets (indicators app) belong to a plan;
reading plans from their documents, tasks and report schedules come with the plans issue."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.core.validators import validate_no_markup
from binhdang.orgs.models import OrgUnit


class Plan(models.Model):
    number = models.CharField(_("number"), max_length=64, blank=True, validators=[validate_no_markup])
    title = models.CharField(_("title"), max_length=500, validators=[validate_no_markup])
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
