"""Shared base models and the audit log."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def active_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Facts in force on `day`: started on or before it and not ended before it (end is inclusive)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


class ScopedQuerySet(models.QuerySet):
    """A queryset that narrows itself to what a user may do (NetBox's `restrict(user, action)`): each scoped
    model declares its rule next to it, on its queryset; `accounts.scope.restrict()` calls it.

    The rule here is the plain one: rows whose org unit, reached through `unit_path`, lies in the user's
    subtree, seen with `view_right` and changed ("change" or any other action) with `change_right`."""

    unit_path = "unit"
    view_right = "view_person"
    change_right = "change_person"

    def restrict(self, user: Any, action: str = "view") -> Self:
        from binhdang.accounts import scope

        right = self.view_right if action == "view" else self.change_right
        if not scope.has_right(user, right):
            return self.none()
        return self.filter(scope.units_q(user, f"{self.unit_path}__" if self.unit_path else ""))


class AuditQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """The log of the user's subtree: entries filed under its units, and those about the people whose
        present record it holds. A former employee's entries (who changed their ethnicity, their training at the
        other agency) belong to their present record; those filed under a unit of the subtree stay."""
        from binhdang.accounts import scope
        from binhdang.orgs.models import OrgUnit, subtree_q
        from binhdang.registry.models import Person

        if not scope.has_right(user, "view_audit"):
            return self.none()
        if scope.is_global(user):
            return self
        path = scope.root_path(user) or "-"
        units = OrgUnit.objects.filter(subtree_q(path)).values("pk")
        people = Person.objects.filter(scope.present_q(user)).values("pk")
        return self.filter(Q(unit_id__in=units) | Q(person_id__in=people))


class Attachment(models.Model):
    """A file kept with a record (an activity's minutes, a report's annex): its name, size and the kind the
    upload check found, who uploaded it and when. Subclasses add the record and where files are stored."""

    file = models.FileField(_("file"))
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    kind = models.CharField(_("kind"), max_length=8)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.name


class DatedFact(models.Model):
    """A fact that holds from `start_date` to `end_date` inclusive; an open end means it still holds."""

    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _("The end date (%(end)s) is before the start date (%(start)s).")
                    % {"end": self.end_date.strftime("%d/%m/%Y"), "start": self.start_date.strftime("%d/%m/%Y")}
                }
            )

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def overlaps(self, other: DatedFact) -> bool:
        far = datetime.date.max
        return self.start_date <= (other.end_date or far) and other.start_date <= (self.end_date or far)


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        RESTRUCTURE = "restructure", _("restructured")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=64)
    object_id = models.BigIntegerField(_("record"), null=True)
    object_repr = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Where to show the entry: the person page and the unit page.
    person_id = models.BigIntegerField(null=True, blank=True)
    unit_id = models.BigIntegerField(null=True, blank=True)
    batch = models.CharField(_("batch"), max_length=64, blank=True, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person_id", "-at"], name="audit_person_idx"),
            models.Index(fields=["unit_id", "-at"], name="audit_unit_idx"),
            models.Index(fields=["model", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"
