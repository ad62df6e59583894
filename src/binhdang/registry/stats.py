"""Counts of the registry that other apps show (the org tree's staff by sex)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Count

from binhdang.core.models import active_on_q
from binhdang.registry.models import Employment


def staff_counts(unit_ids: set[int], day: datetime.date) -> dict[int, Counter[str]]:
    """Staff working in each unit on `day`, by sex: one grouped query."""
    rows = (
        Employment.objects.filter(active_on_q(day), unit_id__in=unit_ids)
        .values("unit_id", "person__sex")
        .annotate(n=Count("person_id", distinct=True))
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[row["unit_id"]][row["person__sex"]] += row["n"]
    return counts


def subtree_staff_by_sex(path: str, day: datetime.date) -> Counter[str]:
    rows = (
        Employment.objects.filter(active_on_q(day), unit__path__startswith=path)
        .values("person__sex")
        .annotate(n=Count("person_id", distinct=True))
    )
    return Counter({row["person__sex"]: row["n"] for row in rows})
