"""Activities counted by kind, with participants by sex and cost: for the reports and the list's totals.

An activity counts in the period it starts in, so an Action Month running across two report periods
is counted once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, Q, QuerySet, Sum

from binhdang.activities.models import Activity, ActivityKind
from binhdang.orgs.models import OrgUnit, subtree_q

K = TypeVar("K")


@dataclass(frozen=True)
class KindSummary:
    kind: str
    label: str  # in the active language
    count: int
    female: int
    male: int
    minority: int
    cost: Decimal

    @property
    def participants(self) -> int:
        return self.female + self.male


_SUMS = {
    "count": Count("pk"),
    "female": Sum("participants_female"),
    "male": Sum("participants_male"),
    "minority": Sum("participants_minority"),
    "cost": Sum("cost"),
}


def _kind_rows(rows: dict[str, dict[str, Any]]) -> list[KindSummary]:
    """KindSummary rows, in the order of the kinds, from sums by kind."""
    return [
        KindSummary(
            kind=kind,
            label=str(label),
            count=rows[kind]["count"],
            female=rows[kind]["female"] or 0,
            male=rows[kind]["male"] or 0,
            minority=rows[kind]["minority"] or 0,
            cost=Decimal(rows[kind]["cost"] or 0),
        )
        for kind, label in ActivityKind.choices
        if kind in rows
    ]


def by_kind(activities: QuerySet[Activity]) -> list[KindSummary]:
    """One row per kind present in `activities`, in the order of the kinds; one grouped query."""
    return _kind_rows({row["kind"]: row for row in activities.order_by().values("kind").annotate(**_SUMS)})


def by_owner_and_kind(
    activities: QuerySet[Activity], owner: Callable[[str], K | None]
) -> dict[K, list[KindSummary]]:
    """`by_kind` for many owners in one grouped query: `owner` maps a unit's path to whom its activities count
    for (the agency it reports through), None for activities that count for no one."""
    sums: dict[K, dict[str, dict[str, Any]]] = {}
    for row in activities.order_by().values("unit__path", "kind").annotate(**_SUMS):
        key = owner(row["unit__path"])
        if key is None:
            continue
        bucket = sums.setdefault(key, {}).setdefault(row["kind"], dict.fromkeys(_SUMS, 0))
        for name in _SUMS:
            bucket[name] += row[name] or 0
    return {key: _kind_rows(kinds) for key, kinds in sums.items()}


def as_data(rows: list[KindSummary]) -> list[dict[str, Any]]:
    """Rows as plain JSON data, for the figures a report freezes at submission."""
    return [{**asdict(row), "cost": int(row.cost)} for row in rows]


def total(rows: list[KindSummary], label: str = "") -> KindSummary:
    return KindSummary(
        kind="",
        label=label,
        count=sum(row.count for row in rows),
        female=sum(row.female for row in rows),
        male=sum(row.male for row in rows),
        minority=sum(row.minority for row in rows),
        cost=sum((row.cost for row in rows), Decimal(0)),
    )


def summarise(units: Q | OrgUnit, start: datetime.date, end: datetime.date) -> list[KindSummary]:
    """Activities starting between start and end (inclusive) of the units chosen by `units`: a filter on
    "unit__" (as the reports build for a region) or a root unit, meaning its whole subtree."""
    region = subtree_q(units.path, "unit__") if isinstance(units, OrgUnit) else units
    return by_kind(Activity.objects.filter(region, start_date__gte=start, start_date__lte=end))


def summarise_region(region: Q, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """`summarise` as plain JSON data, for the figures a report freezes at submission."""
    return as_data(summarise(region, start, end))
