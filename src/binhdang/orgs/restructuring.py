"""Restructuring the org tree: establish, rename, move, merge, split, dissolve — each dated.

Every operation runs in one transaction, keeps the unit's earlier versions, records a
RestructuringEvent and an audit entry. Staff and posts of merged or split units are moved by
the registry, which listens to the signals in `orgs.signals`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core import audit
from binhdang.orgs.models import OrgUnit, RestructuringEvent, UnitKind, UnitVersion
from binhdang.orgs.signals import unit_split, units_merged


@dataclass
class NewUnit:
    code: str
    name: str
    kind: str
    is_agency: bool = False


# No unit is dated before this: the day before a unit's first day must exist (a change ends the old version
# the day before it), and no day of the calendar's first years is a real date for an org unit.
EARLIEST_DAY = datetime.date(1900, 1, 1)


def _check_code_free(code: str) -> None:
    if OrgUnit.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": _("The code “%(code)s” is already used by another unit.") % {"code": code}})


def _check_active(unit: OrgUnit, day: datetime.date) -> None:
    if not unit.is_active_on(day):
        raise ValidationError(
            {"date": _("“%(unit)s” is not in force on %(day)s.") % {"unit": unit.name, "day": day.strftime("%d/%m/%Y")}}
        )


def _current_version(unit: OrgUnit) -> UnitVersion | None:
    return unit.versions.filter(valid_to__isnull=True).order_by("-valid_from").first()


def _close_version(unit: OrgUnit, day: datetime.date) -> None:
    version = _current_version(unit)
    if version is None:
        return
    if version.valid_from >= day:  # a second change on the same day would leave a version ending before it starts
        raise ValidationError(
            {
                "date": _("“%(unit)s” already changed on %(day)s; a restructuring must come after it.")
                % {"unit": unit.name, "day": version.valid_from.strftime("%d/%m/%Y")}
            }
        )
    version.valid_to = day - datetime.timedelta(days=1)
    version.save(update_fields=["valid_to"])


def _event(kind: str, day: datetime.date, decision_number: str, note: str) -> RestructuringEvent:
    return RestructuringEvent.objects.create(kind=kind, date=day, decision_number=decision_number, note=note)


def create_unit(
    spec: NewUnit,
    parent: OrgUnit | None,
    day: datetime.date,
    *,
    decision_number: str = "",
    note: str = "",
    event: RestructuringEvent | None = None,
) -> OrgUnit:
    with transaction.atomic():
        _check_code_free(spec.code)
        if day < EARLIEST_DAY:
            raise ValidationError(
                {"date": _("Enter a date from %(day)s on.") % {"day": EARLIEST_DAY.strftime("%d/%m/%Y")}}
            )
        if spec.kind not in UnitKind.values:
            raise ValidationError({"kind": _("Unknown unit kind “%(kind)s”.") % {"kind": spec.kind}})
        if parent is not None:
            _check_active(parent, day)
        fields = {
            "code": spec.code,
            "name": spec.name,
            "kind": spec.kind,
            "is_agency": spec.is_agency,
            "valid_from": day,
        }
        unit = OrgUnit.objects.add_child(parent, fields) if parent else OrgUnit.objects.add_root(fields)
        event = event or _event(RestructuringEvent.Kind.CREATE, day, decision_number, note)
        event.targets.add(unit)
        UnitVersion.objects.create(unit=unit, name=unit.name, parent=parent, valid_from=day, event=event)
        return unit


def rename(unit: OrgUnit, new_name: str, day: datetime.date, *, decision_number: str = "", note: str = "") -> OrgUnit:
    with transaction.atomic():
        _check_active(unit, day)
        parent = OrgUnit.objects.get_parent(unit)
        _close_version(unit, day)
        event = _event(RestructuringEvent.Kind.RENAME, day, decision_number, note)
        event.sources.add(unit)
        event.targets.add(unit)
        UnitVersion.objects.create(unit=unit, name=new_name, parent=parent, valid_from=day, event=event)
        unit.name = new_name
        unit.save()
        return unit


def move(
    unit: OrgUnit, new_parent: OrgUnit, day: datetime.date, *, decision_number: str = "", note: str = ""
) -> OrgUnit:
    with transaction.atomic():
        _check_active(unit, day)
        _check_active(new_parent, day)
        if new_parent.path.startswith(unit.path):
            raise ValidationError({"new_parent": _("A unit cannot be moved under itself or one of its own units.")})
        _close_version(unit, day)
        event = _event(RestructuringEvent.Kind.MOVE, day, decision_number, note)
        event.sources.add(unit)
        event.targets.add(new_parent)
        UnitVersion.objects.create(unit=unit, name=unit.name, parent=new_parent, valid_from=day, event=event)
        OrgUnit.objects.move(unit, new_parent, "last-child")
        unit.refresh_from_db()
        audit.record("restructure", unit, {"parent": {"label": _("parent unit"), "new": new_parent.name}})
        return unit


def _end_unit(unit: OrgUnit, day: datetime.date) -> None:
    _close_version(unit, day)
    unit.valid_to = day - datetime.timedelta(days=1)
    unit.save()


def merge(
    sources: list[OrgUnit],
    target: OrgUnit | NewUnit,
    day: datetime.date,
    *,
    parent: OrgUnit | None = None,
    decision_number: str = "",
    note: str = "",
) -> OrgUnit:
    """Merge `sources` into `target` (an existing unit or a new one under `parent`) from `day`.

    The sources end the day before; their children move under the target; the registry moves
    their staff and posts (ending the old facts the day before and starting new ones on `day`).
    """
    if not sources:
        raise ValidationError({"others": _("Choose at least one unit to merge.")})
    with transaction.atomic():
        for unit in sources:
            _check_active(unit, day)
        event = _event(RestructuringEvent.Kind.MERGE, day, decision_number, note)
        event.sources.add(*sources)
        if isinstance(target, NewUnit):
            if parent is None:
                parent = OrgUnit.objects.get_parent(sources[0])
            target_unit = create_unit(target, parent, day, event=event)
        else:
            target_unit = target
            _check_active(target_unit, day)
            if target_unit in sources:
                raise ValidationError({"others": _("A unit cannot be merged into itself.")})
            event.targets.add(target_unit)
        for unit in sources:
            if target_unit.path.startswith(unit.path):
                raise ValidationError({"others": _("A unit cannot be merged into one of its own units.")})
            for child in OrgUnit.objects.get_children(unit):
                if child.is_active_on(day):
                    move(child, target_unit, day, decision_number=decision_number, note=note)
            unit.refresh_from_db()
            _end_unit(unit, day)
        units_merged.send(sender=OrgUnit, sources=sources, target=target_unit, date=day, event=event)
        return target_unit


def split(
    source: OrgUnit,
    parts: list[NewUnit],
    day: datetime.date,
    *,
    assignments: dict[int, str] | None = None,
    decision_number: str = "",
    note: str = "",
) -> list[OrgUnit]:
    """Split `source` into new units under the same parent. `assignments` maps person id to part code;
    staff not named go to the first part."""
    if len(parts) < 2:
        raise ValidationError(_("A split needs at least two new units."))
    with transaction.atomic():
        _check_active(source, day)
        event = _event(RestructuringEvent.Kind.SPLIT, day, decision_number, note)
        event.sources.add(source)
        parent = OrgUnit.objects.get_parent(source)
        created = [create_unit(part, parent, day, event=event) for part in parts]
        by_code = {u.code: u for u in created}
        resolved: dict[int, OrgUnit] = {}
        for person_id, code in (assignments or {}).items():
            if code not in by_code:
                raise ValidationError(_("Unknown new unit code “%(code)s”.") % {"code": code})
            resolved[person_id] = by_code[code]
        for child in OrgUnit.objects.get_children(source):
            if child.is_active_on(day):
                move(child, created[0], day, decision_number=decision_number, note=note)
        source.refresh_from_db()
        _end_unit(source, day)
        unit_split.send(sender=OrgUnit, source=source, assignments=resolved, default=created[0], date=day, event=event)
        return created


def dissolve(unit: OrgUnit, day: datetime.date, *, decision_number: str = "", note: str = "") -> OrgUnit:
    with transaction.atomic():
        _check_active(unit, day)
        if any(child.is_active_on(day) for child in OrgUnit.objects.get_children(unit)):
            raise ValidationError(_("Move or dissolve the units under “%(unit)s” first.") % {"unit": unit.name})
        event = _event(RestructuringEvent.Kind.DISSOLVE, day, decision_number, note)
        event.sources.add(unit)
        _end_unit(unit, day)
        return unit
