"""Registry benchmarks: subtree queries, the staff list and the tree as of a day.

Each figure is the median of several runs; each ratio divides it by a baseline measured in the
same run on the same data:
- subtree staff count by materialised path (one indexed prefix query) vs. collecting the subtree's
  unit ids level by level (a query per level) and counting by id — what an adjacency list needs;
- the count and first page of a province admin's staff list (scope + employment on the day +
  Vietnamese sort) vs. the same for the province's people by a plain indexed column, no scope and
  no dates (the floor for any list);
- the tree of one province as of a past day (versions + units, built in memory) vs. loading the
  province's units alone.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from binhdang.accounts.models import User
from binhdang.core.models import active_on_q
from binhdang.orgs.models import OrgUnit, UnitVersion, subtree_q
from binhdang.orgs.tree import tree_as_of
from binhdang.registry.models import Employment, Person
from binhdang.registry.views import staff_queryset

DAY = datetime.date(2026, 11, 1)


def timed(fn: Callable[[], Any], repeat: int = 7) -> tuple[float, int]:
    """Median milliseconds and the number of queries of one call."""
    fn()  # warm caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    count = len(queries.captured_queries)
    reset_queries()
    return statistics.median(samples), count


def subtree_by_path(unit: OrgUnit) -> int:
    return Employment.objects.filter(active_on_q(DAY), subtree_q(unit.path, "unit__")).count()


def subtree_by_levels(unit: OrgUnit) -> int:
    """The adjacency-list way: walk parent links (current unit versions) a level at a time."""
    ids, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = [
            child
            for i in range(0, len(frontier), 900)
            for child in UnitVersion.objects.filter(
                valid_to__isnull=True, parent_id__in=frontier[i : i + 900]
            ).values_list("unit_id", flat=True)
        ]
        ids += frontier
    return sum(
        Employment.objects.filter(active_on_q(DAY), unit_id__in=ids[i : i + 900]).count()
        for i in range(0, len(ids), 900)
    )


def run() -> dict[str, Any]:
    province = OrgUnit.objects.filter(depth=1).order_by("path").first()
    assert province is not None, "no data: build it first"
    units = OrgUnit.objects.count()
    people = Person.objects.count()
    admin = User(username="bench", role="agency_admin", unit=province)
    results: dict[str, Any] = {
        "units": units,
        "people": people,
        "province": province.name,
        "database": connection.vendor,
    }
    assert subtree_by_path(province) == subtree_by_levels(province)
    results["subtree_count"] = compare(lambda: subtree_by_path(province), lambda: subtree_by_levels(province))

    def staff_page() -> tuple[int, list[int]]:
        people = staff_queryset(admin, DAY)
        return people.count(), list(people.order_by("sort_key", "id").values_list("id", flat=True)[:50])

    def floor_page() -> tuple[int, list[int]]:
        people = Person.objects.filter(province=province)
        return people.count(), list(people.order_by("sort_key", "id").values_list("id", flat=True)[:50])

    results["staff_list_first_page"] = compare(staff_page, floor_page)

    def units_only() -> int:
        return len(list(OrgUnit.objects.filter(subtree_q(province.path)).values_list("id", "name")))

    results["tree_as_of"] = compare(lambda: tree_as_of(DAY, within_path=province.path), units_only)
    print_results(results)
    return results


def compare(measured: Callable[[], Any], baseline: Callable[[], Any]) -> dict[str, float]:
    ms, queries = timed(measured)
    base_ms, base_queries = timed(baseline)
    return {
        "ms": round(ms, 2),
        "queries": queries,
        "baseline_ms": round(base_ms, 2),
        "baseline_queries": base_queries,
        "ratio": round(ms / base_ms, 3) if base_ms else float("nan"),
    }


def print_results(results: dict[str, Any]) -> None:
    print(
        f"{results['database']}: {results['units']:,} units, {results['people']:,} people; "
        f"measured on {results['province']}"
    )
    for name in ("subtree_count", "staff_list_first_page", "tree_as_of"):
        row = results[name]
        print(
            f"  {name:24} {row['ms']:9.2f} ms ({row['queries']} queries)   baseline {row['baseline_ms']:9.2f} ms "
            f"({row['baseline_queries']} queries)   ratio {row['ratio']:.3f}"
        )
