"""Counts of the registry that other apps show (the org tree's staff by sex)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Count

from binhdang.core.models import active_on_q
from binhdang.orgs.models import subtree_q
from binhdang.registry.models import Employment


def staff_counts(path: str, day: datetime.date, max_depth: int | None = None) -> dict[int, Counter[str]]:
    """Staff working on `day` in each unit whose path starts with `path`, by sex: one grouped query."""
    qs = Employment.objects.filter(active_on_q(day))
    if path:
        qs = qs.filter(subtree_q(path, "unit__"))
    if max_depth is not None:
        qs = qs.filter(unit__depth__lte=max_depth)
    rows = qs.values("unit_id", "person__sex").annotate(n=Count("person_id", distinct=True))
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[row["unit_id"]][row["person__sex"]] += row["n"]
    return counts


def subtree_staff_by_sex(path: str, day: datetime.date) -> Counter[str]:
    rows = (
        Employment.objects.filter(active_on_q(day), subtree_q(path, "unit__"))
        .values("person__sex")
        .annotate(n=Count("person_id", distinct=True))
    )
    return Counter({row["person__sex"]: row["n"] for row in rows})
