from __future__ import annotations

from typing import Any, Self

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("system administrator")
    AGENCY_ADMIN = "agency_admin", _("agency administrator")
    HR_OFFICER = "hr_officer", _("HR officer")
    SECRETARY = "secretary", _("committee secretary")
    LEADER = "leader", _("leader")
    VIEWER = "viewer", _("viewer")


class UserQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """Accounts of the user's subtree, for those who manage users; anyone else sees only their own."""
        from binhdang.accounts import scope

        if not scope.has_right(user, "manage_users"):
            return self.filter(pk=user.pk) if action == "view" and user.is_authenticated else self.none()
        return self.filter(scope.units_q(user, "unit__")) if not scope.is_global(user) else self


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in. Bound to one org unit and one role, which covers the unit's subtree."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
