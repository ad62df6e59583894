"""The one place that decides what a user may see or change.

A user has a role and an org unit; the role's rights cover that unit's whole current subtree
(a system administrator covers everything). Views, forms, the API and commands all call
`restrict()` for querysets and `require()` / `can()` for writes.
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

# How each scoped model reaches its org unit (a field path ending at an OrgUnit).
UNIT_PATHS: dict[str, str] = {
    "orgs.orgunit": "",
    "registry.person": "__employments__unit",  # handled specially below
    "registry.employment": "unit",
    "registry.post": "unit",
    "registry.poolentry": "person",
    "registry.trainingrecord": "person",
    "registry.foreignlanguage": "person",
    "accounts.user": "unit",
    "core.auditentry": "",
    "registry.importjob": "unit",
    "plans.plan": "issuer",
    "indicators.target": "unit",
    "plans.plandraft": "unit",
}

# Parts of a plan follow the plan: seen where the plan is seen, changed by who may change the plan.
PLAN_PARTS: dict[str, str] = {
    "plans.legalbasis": "plan__issuer",
    "plans.objective": "plan__issuer",
    "plans.task": "plan__issuer",
    "plans.taskprogress": "task__plan__issuer",
    "plans.reportdeadline": "plan__issuer",
    "plans.budgetline": "plan__issuer",
}

# Records that belong to one org unit: (path to the unit, right to view, right to change).
# An app adds its models here; restrict() then scopes them to the user's subtree.
UNIT_SCOPED: dict[str, tuple[str, str, str]] = {
    "activities.activity": ("unit", "view_aggregate", "record_activities"),
    # A file (an attendance list, photos) can name people: only roles that see people open it.
    "activities.activityattachment": ("activity__unit", "view_person", "record_activities"),
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


_PERSON_RIGHTS = {"view": "view_person", "change": "change_person"}


def restrict(qs: QuerySet[M], user: Any, action: str = "view") -> QuerySet[M]:
    """Narrow any scoped queryset to what `user` may `action` ("view" or "change")."""
    label = qs.model._meta.label_lower
    if label == "orgs.orgunit":
        right = "view_aggregate" if action == "view" else "change_org"
        return qs.filter(units_q(user)) if has_right(user, right) else qs.none()
    if label == "accounts.user":
        if not has_right(user, "manage_users"):
            return qs.filter(pk=user.pk) if action == "view" and user.is_authenticated else qs.none()
        return qs.filter(units_q(user, "unit__")) if not is_global(user) else qs
    if label == "core.auditentry":
        if not has_right(user, "view_audit"):
            return qs.none()
        if is_global(user):
            return qs
        from binhdang.orgs.models import OrgUnit
        from binhdang.registry.models import Employment

        path = root_path(user) or "-"
        units = OrgUnit.objects.filter(subtree_q(path)).values("pk")
        people = Employment.objects.filter(subtree_q(path, "unit__")).values("person_id")
        return qs.filter(Q(unit_id__in=units) | Q(person_id__in=people))
    if label in ("plans.plan", "indicators.target"):
        return _plans_scope(qs, user, action, UNIT_PATHS[label])
    if label == "plans.task" and action == "progress":
        # The unit in charge reports progress on its task, even on a plan issued above it.
        if not has_right(user, "record_activities"):
            return qs.none()
        planners = _plans_scope(qs.model._default_manager.all(), user, "change", "plan__issuer").values("pk")
        return qs.filter(units_q(user, "unit_in_charge__") | Q(pk__in=planners))
    if label in PLAN_PARTS:
        return _plans_scope(qs, user, action, PLAN_PARTS[label])
    if label == "plans.plandraft":
        return qs.filter(units_q(user, "unit__")) if has_right(user, "manage_plans") else qs.none()
    if label in REPORT_PARTS:
        return _reports_scope(qs, user, action, REPORT_PARTS[label])
    if label in TRAINING_PARTS:
        return _training_scope(qs, user, action, label)
    if label in UNIT_SCOPED:
        path, view_right, change_right = UNIT_SCOPED[label]
        right = view_right if action == "view" else change_right
        if not has_right(user, right):
            return qs.none()
        return qs.filter(units_q(user, f"{path}__" if path else ""))
    if label == "registry.importjob":
        # An import is an HR operation: seeing one shows its file's names and findings.
        return qs.filter(units_q(user, "unit__")) if has_right(user, "change_person") else qs.none()
    right = _PERSON_RIGHTS.get(action)
    if right is None or not has_right(user, right):
        return qs.none()
    if label == "registry.person":
        return qs.filter(persons_q(user))
    if label in {"registry.employment", "registry.post"}:
        return qs.filter(units_q(user, "unit__"))
    if label in {"registry.poolentry", "registry.trainingrecord", "registry.foreignlanguage"}:
        return qs.filter(
            person__in=qs.model._meta.get_field("person").related_model.objects.filter(persons_q(user)).values("pk")
        )
    raise LookupError(f"No scope rule for {label}")


def _plans_scope(qs: QuerySet[M], user: Any, action: str, field: str) -> QuerySet[M]:
    """Plans and targets: a unit sees its own and its subtree's, and those of the units above it,
    which apply to it (the province's plan binds its agencies); it changes only its subtree's."""
    if action == "view":
        if not has_right(user, "view_aggregate"):
            return qs.none()
        path = root_path(user)
        if path is None:
            return qs.none()
        if path == "":
            return qs
        from binhdang.orgs.models import OrgUnit

        above = [path[: index * OrgUnit.steplen] for index in range(1, len(path) // OrgUnit.steplen)]
        return qs.filter(units_q(user, f"{field}__") | Q(**{f"{field}__path__in": above}))
    if not has_right(user, "manage_plans"):
        return qs.none()
    return qs.filter(units_q(user, f"{field}__"))


# Reports: seen by the unit and the units above; drafted ("change") with write_reports, submitted with
# submit_reports, reviewed (accepted or returned) only by a unit strictly above the report's unit.
REPORT_PARTS: dict[str, str] = {
    "reports.report": "unit",
    "reports.reportevent": "report__unit",
    "reports.reportattachment": "report__unit",
}
_REPORT_RIGHTS = {"view": "view_aggregate", "change": "write_reports", "submit": "submit_reports"}


def _reports_scope(qs: QuerySet[M], user: Any, action: str, field: str) -> QuerySet[M]:
    if action == "view" and qs.model._meta.label_lower == "reports.reportattachment":
        # An attached file can name people: only roles that see people open it.
        if not has_right(user, "view_person"):
            return qs.none()
    if action == "review":
        if not has_right(user, "review_reports") or root_path(user) is None:
            return qs.none()
        own = Q(**{f"{field}_id": user.unit_id}) if user.unit_id else Q(pk__in=[])
        return qs.filter(units_q(user, f"{field}__")).exclude(own)
    right = _REPORT_RIGHTS.get(action)
    if right is None or not has_right(user, right):
        return qs.none()
    return qs.filter(units_q(user, f"{field}__"))


# Training classes: run ("change": edit, nominations, attendance, completion) by the organiser's side; seen
# there, by the units below the organiser (as the plans of the units above) and by each unit asked to send
# people (nominated) and the units below it. Those "enrol" their own staff under their own nominations and
# may remove them again. A participant's name ("names") is seen by the organiser's side and by the
# participant's own side only: the person's units, or, for a guest, the unit that sent them.
# Nominations, participants and attendance otherwise follow their class.
TRAINING_PARTS: dict[str, str] = {
    "training.trainingclass": "",
    "training.nomination": "training_class__",
    "training.participant": "training_class__",
    "training.attendance": "participant__training_class__",
}
_TRAINING_RIGHTS = {"view": "view_aggregate", "names": "view_person"}


def _training_scope(qs: QuerySet[M], user: Any, action: str, label: str) -> QuerySet[M]:
    from binhdang.orgs.models import OrgUnit
    from binhdang.registry.models import Person
    from binhdang.training.models import Nomination

    path = root_path(user)
    if path is None or not has_right(user, _TRAINING_RIGHTS.get(action, "record_activities")):
        return qs.none()
    if path == "":
        return qs
    prefix = TRAINING_PARTS[label]
    organiser = subtree_q(path, f"{prefix}organiser__")
    if action == "change":
        return qs.filter(organiser)
    own_and_above = [path[: index * OrgUnit.steplen] for index in range(1, len(path) // OrgUnit.steplen + 1)]
    nominated = Nomination.objects.filter(subtree_q(path, "unit__") | Q(unit__path__in=own_and_above)).values("pk")
    own_people = Q(person_id__in=Person.objects.filter(persons_q(user)).values("pk"))
    if label == "training.participant" and action in ("names", "enrol"):
        sent_by_mine = Q(nominated_by__in=nominated)
        if action == "names":
            return qs.filter(organiser | own_people | (Q(person__isnull=True) & sent_by_mine))
        return qs.filter(organiser | (sent_by_mine & (own_people | Q(person__isnull=True))))
    if label == "training.nomination" and action == "enrol":
        return qs.filter(organiser | Q(pk__in=nominated))
    sent = Q(**{f"{prefix}pk__in": Nomination.objects.filter(pk__in=nominated).values("training_class_id")})
    if action == "enrol":
        return qs.filter(organiser | sent)
    if action != "view":
        return qs.none()
    return qs.filter(organiser | sent | Q(**{f"{prefix}organiser__path__in": own_and_above}))


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
