"""The one place that decides what a user may see or change.

A user has a role and an org unit; the role's rights cover that unit's whole current subtree
(a system administrator covers everything). Views, forms, the API and commands all call
`restrict()` for querysets and `require()` / `can()` for writes.

This module holds the roles' rights and the arithmetic of subtrees and people (`units_q`, `root_path`,
`persons_q`, `present_q`, ...); each scoped model declares its own rule with them, next to the model, as
`restrict(user, action)` on its queryset (`Person.objects.restrict(user, "change")`), and `restrict()` here
hands a queryset to that rule.
"""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from binhdang.accounts.models import Role
from binhdang.orgs.models import subtree_q

M = TypeVar("M", bound=Model)

# Rights by role. "view_aggregate" is counts only; "view_person" opens the person registry;
# "view_sensitive" adds ethnicity and party membership (Nghị định 13/2023/NĐ-CP).
RIGHTS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        {
            "view_aggregate",
            "view_person",
            "view_sensitive",
            "change_person",
            "change_org",
            "manage_users",
            "view_audit",
            "manage_plans",
            "record_activities",
            "write_reports",
            "submit_reports",
            "review_reports",
        }
    ),
    Role.AGENCY_ADMIN: frozenset(
        {
            "view_aggregate",
            "view_person",
            "view_sensitive",
            "change_person",
            "change_org",
            "manage_users",
            "view_audit",
            "manage_plans",
            "record_activities",
            "write_reports",
            "submit_reports",
            "review_reports",
        }
    ),
    # HR offices send staff to training classes and record their attendance.
    Role.HR_OFFICER: frozenset(
        {"view_aggregate", "view_person", "view_sensitive", "change_person", "view_audit", "record_activities"}
    ),
    # The committee secretary writes the agency's plan and its targets.
    # ... and drafts the reports and reviews those of the units below; a leader submits them.
    Role.SECRETARY: frozenset(
        {
            "view_aggregate",
            "view_person",
            "change_person",
            "manage_plans",
            "record_activities",
            "write_reports",
            "review_reports",
        }
    ),
    # Heads of divisions and units record what their unit did and report progress on its tasks.
    Role.LEADER: frozenset(
        {"view_aggregate", "view_person", "record_activities", "write_reports", "submit_reports", "review_reports"}
    ),
    Role.VIEWER: frozenset({"view_aggregate"}),
}

ALL_RIGHTS: frozenset[str] = frozenset().union(*RIGHTS.values())

SMALL_COUNT = 5  # counts of people below this are hidden from roles that see counts only


def suppress_small(value: int, user: Any) -> int | str:
    """A count standing alone as a viewer may see it: "<5" instead of 1 to 4. Counts shown with their
    totals or parts go through a table of indicators.privacy, which also hides what would give them away."""
    from binhdang.indicators.privacy import small_count

    return small_count(value, user)


def has_right(user: Any, right: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return right in RIGHTS.get(user.role, frozenset())


def is_global(user: Any) -> bool:
    return bool(user.is_superuser or (user.role == Role.SYSTEM_ADMIN and user.unit_id is None))


def root_path(user: Any) -> str | None:
    """The path prefix of the user's subtree; "" for everything; None for nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if is_global(user):
        return ""
    if user.unit_id is None:
        return None
    return user.unit.path


def units_q(user: Any, prefix: str = "") -> Q:
    """Filter for rows whose unit (reached through `prefix`, e.g. "unit__") lies in the user's subtree."""
    path = root_path(user)
    if path is None:
        return Q(pk__in=[])
    if path == "":
        return Q()
    return subtree_q(path, prefix)


def persons_q(user: Any) -> Q:
    """A person is in scope when they have any employment (past or present) in the user's subtree."""
    from binhdang.registry.models import Employment

    path = root_path(user)
    if path is None:
        return Q(pk__in=[])
    if path == "":
        return Q()
    # A semi-join on person ids: both SQLite and PostgreSQL count and page it far faster than EXISTS.
    return Q(pk__in=Employment.objects.filter(subtree_q(path, "unit__")).values("person_id"))


def working_persons_q(user: Any, day: datetime.date) -> Q:
    """People employed in the user's subtree on `day`: the staff list. Narrower than persons_q
    (which also admits people who once worked there), so one semi-join answers both."""
    from binhdang.core.models import active_on_q
    from binhdang.registry.models import Employment

    path = root_path(user)
    if path is None or not has_right(user, "view_person"):
        return Q(pk__in=[])
    working = Employment.objects.filter(active_on_q(day), subtree_q(path, "unit__"))
    return Q(pk__in=working.values("person_id"))


def present_q(user: Any, ref: str = "pk", day: datetime.date | None = None) -> Q:
    """People (reached through `ref`, e.g. "person_id") whose present record the user's subtree holds: they
    work there on `day`, or they work nowhere on `day` and have worked or will work there. Someone who once
    worked in the subtree and now works elsewhere is a former employee: the subtree keeps their history in
    it, read only; their present record is the other agency's."""
    from django.db.models import Exists, OuterRef

    from binhdang.core.models import active_on_q
    from binhdang.registry.models import Employment

    path = root_path(user)
    if path is None:
        return Q(pk__in=[])
    if path == "":
        return Q()
    day = day or datetime.date.today()
    theirs = Employment.objects.filter(person_id=OuterRef(ref))
    here = theirs.filter(subtree_q(path, "unit__"))
    now = active_on_q(day)
    return Q(Exists(here.filter(now))) | (~Q(Exists(theirs.filter(now))) & Q(Exists(here)))


def dated_here_q(user: Any) -> Q:
    """Facts (a pool entry, a training record) that started while their person worked in the user's subtree:
    the part of a former employee's record the subtree keeps."""
    from django.db.models import Exists, OuterRef

    from binhdang.registry.models import Employment

    path = root_path(user)
    if path is None:
        return Q(pk__in=[])
    if path == "":
        return Q()
    start = OuterRef("start_date")
    spans = Employment.objects.filter(
        subtree_q(path, "unit__"), Q(end_date__isnull=True) | Q(end_date__gte=start),
        person_id=OuterRef("person_id"), start_date__lte=start,
    )  # fmt: skip
    return Q(Exists(spans))


def ancestor_paths(user: Any, own: bool = False) -> list[str]:
    """The paths of the units above the user's unit (and of the unit itself with `own`): what binds it."""
    from binhdang.orgs.models import OrgUnit

    path = root_path(user) or ""
    top = len(path) // OrgUnit.steplen + (1 if own else 0)
    return [path[: index * OrgUnit.steplen] for index in range(1, top)]


def restrict(qs: QuerySet[M], user: Any, action: str = "view") -> QuerySet[M]:
    """Narrow any scoped queryset to what `user` may `action` ("view", "change", or a model's own action:
    "record", "progress", "submit", "review", "names", "enrol"). Each scoped model declares its rule next to
    it, as `restrict(user, action)` on its queryset."""
    rule = getattr(qs, "restrict", None)
    if rule is None:
        raise LookupError(f"No scope rule for {qs.model._meta.label_lower}")
    return rule(user, action)


def can(user: Any, action: str, obj: Model) -> bool:
    """Whether `user` may `action` this object; one query on the object's own key."""
    if obj.pk is None:
        return False
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def can_use_unit(user: Any, unit: Any, right: str = "change_person") -> bool:
    """Whether `user` may put data (a post, an employment, a new unit) into `unit`."""
    if unit is None or not has_right(user, right):
        return False
    path = root_path(user)
    return path is not None and unit.path.startswith(path)


def requested_unit(user: Any, raw: str) -> Any:
    """The org unit a page was asked for (?unit=<id>), else the user's own unit (the province for a
    national administrator); 404 when it is not in the user's scope."""
    from django.http import Http404

    from binhdang.orgs.models import OrgUnit

    visible = restrict(OrgUnit.objects.all(), user)
    if raw:
        unit = visible.filter(pk=int(raw)).first() if raw.isdecimal() and len(raw) < 12 else None
        if unit is None:
            raise Http404(_("No such unit in your scope."))
        return unit
    unit = getattr(user, "unit", None)
    if unit is None:
        unit = visible.filter(depth=1).order_by("path").first()
    if unit is None:
        raise Http404(_("No such unit in your scope."))
    return unit


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))
