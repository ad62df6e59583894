"""The dated org-unit tree.

The current tree is a materialised path (django-treebeard), so a subtree is one indexed
`path LIKE 'prefix%'` query. History lives beside it: every unit has dated versions (name and
parent over time) and restructuring events, so the tree as of any day can be rebuilt.
"""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

PATH_LENGTH = 255  # treebeard's MP_Node.path max_length


def subtree_q(path: str, prefix: str = "") -> Q:
    """Rows whose unit (reached through `prefix`, e.g. "unit__") lies under the unit with `path`.

    A range on the path, not LIKE 'path%': both SQLite (whose LIKE ignores the index on a
    case-sensitive column) and PostgreSQL use the path index for it. Paths hold only 0-9 and A-Z,
    so every descendant sorts between the path and the path padded with "Z".
    """
    if not path:
        return Q()
    return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lte": path + "Z" * (PATH_LENGTH - len(path))})


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("province")
    COMMUNE = "commune", _("commune")
    DEPARTMENT = "department", _("department")
    DIVISION = "division", _("division")
    AFFILIATED = "affiliated", _("affiliated unit")


class OrgUnitQuerySet(MP_NodeQuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """The units of the user's subtree: seen by every role that sees counts, changed (restructured,
        established under) by those who arrange the organisation."""
        from binhdang.accounts import scope

        right = "view_aggregate" if action == "view" else "change_org"
        return self.filter(scope.units_q(user)) if scope.has_right(user, right) else self.none()


class OrgUnitManager(MP_NodeManager):
    def get_queryset(self) -> OrgUnitQuerySet:
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")


class OrgUnit(MP_Node):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    is_agency = models.BooleanField(
        _("agency with its own head"),
        default=False,
        help_text=_("An agency whose head counts for the key-leader indicators."),
    )
    valid_from = models.DateField(_("valid from"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        indexes = [
            models.Index(fields=["kind"], name="orgunit_kind_idx"),
            # Subtree queries are `path LIKE 'prefix%'`; PostgreSQL needs pattern ops to use an index
            # under a non-C collation (other databases ignore the opclass).
            models.Index(fields=["path"], name="orgunit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None or self.valid_to >= datetime.date.today()

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def subtree_q(self, prefix: str = "") -> Q:
        """Rows whose unit (reached through `prefix`) lies in this unit's current subtree."""
        return subtree_q(self.path, prefix)

    def province(self) -> OrgUnit:
        return self if self.depth == 1 else OrgUnit.objects.get(path=self.path[: self.steplen])

    def ancestors_and_self(self) -> list[OrgUnit]:
        paths = [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]
        return list(OrgUnit.objects.filter(path__in=paths).order_by("depth"))


class RestructuringEvent(models.Model):
    class Kind(models.TextChoices):
        CREATE = "create", _("established")
        RENAME = "rename", _("renamed")
        MOVE = "move", _("moved")
        MERGE = "merge", _("merged")
        SPLIT = "split", _("split")
        DISSOLVE = "dissolve", _("dissolved")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("effective date"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    sources = models.ManyToManyField(OrgUnit, related_name="events_as_source", verbose_name=_("from units"))
    targets = models.ManyToManyField(OrgUnit, related_name="events_as_target", verbose_name=_("to units"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("restructuring")
        verbose_name_plural = _("restructurings")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class UnitVersion(models.Model):
    """What a unit was called and where it hung in the tree over a span of days (end inclusive)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("parent unit")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    event = models.ForeignKey(
        RestructuringEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )

    class Meta:
        ordering = ["unit_id", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="unitversion_span_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y}–{self.valid_to:%d/%m/%Y})" if self.valid_to else self.name
