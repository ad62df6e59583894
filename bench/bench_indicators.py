"""Indicator benchmarks: the engine's full roll-up, the same figures by hand-written SQL and by a
per-unit ORM loop, and the dashboard page of a province.

As of DAY, on the national-shaped data bench/run.py builds:
- rollup: every built-in indicator (CATALOGUE, without its by-level breakdowns) for every unit,
  rolled up over the tree as of the day: one engine Evaluation per province, then result(code, unit)
  for each unit and indicator. Baseline (a): one hand-written SQL GROUP BY per indicator over the
  whole database, per unit only (no roll-up to the ancestors), what a naive SQL report gives; each
  (a) figure is checked against the engine's own per-unit counts (Evaluation.leaf), except the two
  indicators counting units, whose flags need subtree totals.
- per_unit_orm: on the province whose staff on the day are nearest SUBSET_STAFF (50,000), the engine
  (one Evaluation + every result) against a naive loop: one ORM .count() (or Sum) per unit per
  measure over the unit's current subtree. The loop runs once (it is slow) for 18 of the 19
  indicators; "units at least half women with a woman leader" needs each sub-unit's subtree totals
  and is not written the naive way, so the loop's total is extrapolated to 19 indicators at the
  average of the 18. An indicator whose loop passes naive_budget_s (60 s) stops and is extrapolated
  from the units done (they go in a shuffled order). The loop's results are checked against the
  engine's.
- dashboard: indicators:dashboard for that province, rendered by Django's test Client logged in as
  a province admin made for the bench (deleted afterwards); the view evaluates the day and a year
  before.

An aim missed (AIMS) gets a cProfile of one call: the project's functions and the SQLite calls with
the largest cumulative time. Medians of several runs after a warm-up, like bench_registry (3 runs
for the national roll-up and its baseline, which take seconds each).
"""

from __future__ import annotations

import cProfile
import datetime
import io
import pstats
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Q, Sum
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from binhdang.accounts.models import Role, User
from binhdang.core.models import active_on_q
from binhdang.indicators.catalogue import CATALOGUE, PROGRAMME_START
from binhdang.indicators.engine import Evaluation, period_for
from binhdang.indicators.models import AggregateValue
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.registry.choices import SENIOR_RANKS, PostRank, TheoryLevel
from binhdang.registry.models import Employment, Person, PoolEntry, Post

DAY = datetime.date(2026, 11, 1)
SUBSET_STAFF = 50_000
AIMS = {"rollup_ratio": 1.5, "rollup_s": 10.0, "per_unit_speedup": 100.0, "dashboard_ms": 300.0}
BENCH_USER = "bench-indicators"


# --- timing -------------------------------------------------------------------------------------


class QueryCounter:
    """Counts the queries of a block (an execute wrapper: no SQL kept, next to no overhead)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Median, min and max milliseconds of `repeat` calls after a warm-up, the queries of one call and
    the last call's return value."""
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        fn()  # warm caches; its queries are counted
    samples, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "runs": repeat,
        "queries": counter.count,
        "value": value,
    }


def once(fn: Callable[[], Any]) -> dict[str, Any]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        value = fn()
        ms = (time.perf_counter() - started) * 1000
    return {"ms": round(ms, 1), "runs": 1, "queries": counter.count, "value": value}


def hot_spots(fn: Callable[[], Any], limit: int = 14) -> list[dict[str, Any]]:
    """cProfile of one call: the project's functions, the SQLite calls and the template rendering, by
    cumulative time (other Django and library frames left out)."""
    profile = cProfile.Profile()
    profile.enable()
    fn()
    profile.disable()
    stats = pstats.Stats(profile, stream=io.StringIO())
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "/binhdang/" in filename:
            label = f"{filename.split('/src/')[-1]}:{line}({name})"
        elif "fetchmany" in name:
            label = "sqlite3 fetchmany (SQLite computes the rows here)"
        elif "execute" in name and ("sqlite3" in name or "SQLiteCursorWrapper" in name):
            label = "sqlite3 execute"
        elif filename.endswith("template/backends/django.py") and name == "render":
            label = "template render"
        else:
            continue
        rows.append({"function": label, "calls": calls, "cumulative_s": round(cumtime, 3), "own_s": round(tottime, 3)})
    rows.sort(key=lambda row: -row["cumulative_s"])
    return rows[:limit]


# --- the engine ---------------------------------------------------------------------------------


def provinces() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(depth=1).order_by("path"))


def engine_rollup(roots: list[OrgUnit]) -> tuple[list[Evaluation], int]:
    """Every indicator for every unit: one Evaluation per province, then every result read."""
    evaluations, read = [], 0
    for root in roots:
        evaluation = Evaluation(root, DAY)
        for unit_id in evaluation.tree.nodes:
            for indicator in CATALOGUE:
                evaluation.result(indicator, unit_id)
                read += 1
        evaluations.append(evaluation)
    return evaluations, read


# --- baseline (a): one hand-written GROUP BY per indicator, per unit, no roll-up ----------------

ACTIVE = "{t}.start_date <= %s AND ({t}.end_date IS NULL OR {t}.end_date >= %s)"
SENIOR = "p.civil_service_rank IN ({})".format(", ".join(f"'{rank.value}'" for rank in SENIOR_RANKS))
THEORY = f"p.political_theory IN ('{TheoryLevel.INTERMEDIATE.value}', '{TheoryLevel.ADVANCED.value}')"
FEMALE = "p.sex = 'F'"


def _staff_sql(numerator: str, denominator: str = "1 = 1") -> str:
    return (
        f"SELECT e.unit_id, SUM(CASE WHEN {numerator} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {denominator} THEN 1 ELSE 0 END) "
        "FROM registry_employment e JOIN registry_person p ON p.id = e.person_id "
        f"WHERE {ACTIVE.format(t='e')} GROUP BY e.unit_id"
    )


def _post_sql(numerator: str, where: str = "") -> str:
    return (
        f"SELECT po.unit_id, SUM(CASE WHEN {numerator} THEN 1 ELSE 0 END), COUNT(*) "
        "FROM registry_post po JOIN registry_person p ON p.id = po.person_id "
        f"WHERE {where or ACTIVE.format(t='po')} GROUP BY po.unit_id"
    )


def _pool_sql(numerator: str, where: str = "1 = 1") -> str:
    # A pool entry counts at the unit of its person's employment on the day; a person once per unit.
    return (
        f"SELECT e.unit_id, COUNT(DISTINCT CASE WHEN {numerator} THEN pe.person_id END), "
        "COUNT(DISTINCT pe.person_id) "
        "FROM registry_poolentry pe JOIN registry_person p ON p.id = pe.person_id "
        f"JOIN registry_employment e ON e.person_id = pe.person_id AND {ACTIVE.format(t='e')} "
        f"WHERE {ACTIVE.format(t='pe')} AND {where} GROUP BY e.unit_id"
    )


# The entered value of a period: the year's own, else its first half-year's (as the engine does).
_PERIOD = (
    "(a.period = %s OR (a.period = %s AND NOT EXISTS (SELECT 1 FROM indicators_aggregatevalue b "
    "WHERE b.unit_id = a.unit_id AND b.element = a.element AND b.period = %s)))"
)


def _aggregate_sql(numerator: str, denominator: str, elements: tuple[str, ...]) -> str:
    wanted = ", ".join(f"'{element}'" for element in elements)
    return (
        f"SELECT a.unit_id, SUM({numerator}), SUM({denominator}) FROM indicators_aggregatevalue a "
        f"WHERE a.element IN ({wanted}) AND {_PERIOD} GROUP BY a.unit_id"
    )


def baseline_queries(day: datetime.date) -> dict[str, tuple[str, list[Any]]]:
    """code -> (SQL giving unit_id, numerator, denominator; its parameters)."""
    active = [day, day]
    year, half = period_for(day)
    period = [year, half, year]
    trained = (
        "EXISTS (SELECT 1 FROM registry_trainingrecord t WHERE t.person_id = pe.person_id AND t.completed "
        "AND t.start_date >= %s AND t.start_date <= %s)"
    )
    woman_post = (
        "EXISTS (SELECT 1 FROM registry_post wp JOIN registry_person wq ON wq.id = wp.person_id "
        "WHERE wp.unit_id = {unit} AND wq.sex = 'F' AND " + ACTIVE.format(t="wp") + "{extra})"
    )
    half_women = "2 * SUM(CASE WHEN p.sex = 'F' THEN 1 ELSE 0 END) >= COUNT(*)"
    health = (
        "SELECT x.unit_id, SUM(x.n), SUM(x.d) FROM ("
        "SELECT a.unit_id AS unit_id, COALESCE(a.female, 0) AS n, 0 AS d FROM indicators_aggregatevalue a "
        f"WHERE a.element = 'health_check' AND {_PERIOD} UNION ALL "
        "SELECT e.unit_id, 0, 1 FROM registry_employment e JOIN registry_person p ON p.id = e.person_id "
        f"WHERE {ACTIVE.format(t='e')} AND {FEMALE}) x GROUP BY x.unit_id"
    )
    return {
        "agencies_woman_key_leader": (
            "SELECT u.id, CASE WHEN "
            + woman_post.format(unit="u.id", extra=" AND wp.is_key_leader")
            + " THEN 1 ELSE 0 "
            "END, 1 FROM orgs_orgunit u WHERE u.is_agency AND "
            + ACTIVE.replace("start_date", "valid_from").replace("end_date", "valid_to").format(t="u"),
            active + active,
        ),
        "pool_women": (_pool_sql(FEMALE), active + active),
        "pool_women_trained": (_pool_sql(trained, FEMALE), [PROGRAMME_START, day] + active + active),
        "leaders_women": (_post_sql(FEMALE), active),
        "heads_women": (_post_sql(FEMALE, ACTIVE.format(t="po") + f" AND po.rank = '{PostRank.HEAD.value}'"), active),
        "appointments_women": (
            _post_sql(FEMALE, "po.start_date >= %s AND po.start_date <= %s"),
            [PROGRAMME_START, day],
        ),
        "women_units_woman_leader": (
            f"SELECT e.unit_id, CASE WHEN {half_women} AND "
            + woman_post.format(unit="e.unit_id", extra="")
            + f" THEN 1 ELSE 0 END, CASE WHEN {half_women} THEN 1 ELSE 0 END "
            "FROM registry_employment e JOIN registry_person p ON p.id = e.person_id "
            f"WHERE {ACTIVE.format(t='e')} GROUP BY e.unit_id",
            active + active,
        ),
        "minority_leaders": (_post_sql("p.ethnicity <> '01'"), active),
        "minority_staff": (_staff_sql("p.ethnicity <> '01'"), active),
        "senior_women": (_staff_sql(f"{FEMALE} AND {SENIOR}", SENIOR), active),
        "party_women": (_staff_sql(f"{FEMALE} AND p.party_member_since <= %s", FEMALE), [day] + active),
        "party_committee_women": (
            _aggregate_sql(
                "COALESCE(a.female, 0)", "COALESCE(a.female, 0) + COALESCE(a.male, 0)", ("party_committee",)
            ),
            period,
        ),
        "language_women": (
            _staff_sql(
                f"{FEMALE} AND EXISTS (SELECT 1 FROM registry_foreignlanguage fl WHERE fl.person_id = p.id)", FEMALE
            ),
            active,
        ),
        "theory_women": (_staff_sql(f"{FEMALE} AND {THEORY}", FEMALE), active),
        "staff_women": (_staff_sql(FEMALE), active),
        "health_check_women": (health, period + active),
        "prenatal_leave": (
            _aggregate_sql(
                "CASE WHEN a.element = 'prenatal_leave' THEN COALESCE(a.female, 0) ELSE 0 END",
                "CASE WHEN a.element = 'pregnant' THEN COALESCE(a.female, 0) ELSE 0 END",
                ("prenatal_leave", "pregnant"),
            ),
            period,
        ),
        "domestic_violence_cases": (
            _aggregate_sql("COALESCE(a.total, 0)", "0", ("domestic_violence_cases",)),
            period,
        ),
        "outreach_events": (_aggregate_sql("COALESCE(a.total, 0)", "0", ("outreach_events",)), period),
    }


def baseline_sql(day: datetime.date = DAY) -> dict[str, dict[int, tuple[int, int]]]:
    found: dict[str, dict[int, tuple[int, int]]] = {}
    with connection.cursor() as cursor:
        for code, (sql, params) in baseline_queries(day).items():
            cursor.execute(sql, params)
            found[code] = {unit_id: (int(n or 0), int(d or 0)) for unit_id, n, d in cursor.fetchall()}
    return found


def check_baseline_sql(found: dict[str, dict[int, tuple[int, int]]], evaluations: list[Evaluation]) -> dict[str, int]:
    """Units where (a) differs from the engine's own per-unit counts, per indicator. The two unit-flag
    indicators have no per-unit counts in the engine (their flags need subtree totals) and are left out."""
    leaf: dict[int, Any] = {}
    for evaluation in evaluations:
        leaf.update(evaluation.leaf)
    mismatches = {}
    for indicator in CATALOGUE:
        if indicator.code in ("agencies_woman_key_leader", "women_units_woman_leader"):
            continue
        rows = found[indicator.code]
        wrong = 0
        for unit_id in set(rows) | set(leaf):
            counts = leaf.get(unit_id, {})
            expected = (
                counts.get(indicator.numerator, 0),
                counts.get(indicator.denominator, 0) if indicator.denominator else 0,
            )
            wrong += rows.get(unit_id, (0, 0)) != expected
        mismatches[indicator.code] = wrong
    return mismatches


# --- baseline (b): one ORM query per unit per measure ---------------------------------------------


def naive_indicators(day: datetime.date) -> dict[str, Callable[[str], tuple[int, int | None]]]:
    """code -> the indicator of the subtree under a path, one .count() (or Sum) per measure."""
    year = str(day.year)

    def staff(path: str) -> Any:
        return Employment.objects.filter(active_on_q(day), subtree_q(path, "unit__"))

    def posts(path: str) -> Any:
        return Post.objects.filter(active_on_q(day), subtree_q(path, "unit__"))

    def pool(path: str) -> Any:
        working = Employment.objects.filter(active_on_q(day), subtree_q(path, "unit__")).values("person_id")
        return PoolEntry.objects.filter(active_on_q(day), person_id__in=working)

    def persons(queryset: Any) -> int:
        return queryset.values("person_id").distinct().count()

    def entered(path: str, element: str) -> dict[str, int]:
        sums = AggregateValue.objects.filter(subtree_q(path, "unit__"), element=element, period=year).aggregate(
            female=Sum("female"), male=Sum("male"), total=Sum("total")
        )
        return {key: value or 0 for key, value in sums.items()}

    def agencies(path: str) -> tuple[int, int]:
        units = OrgUnit.objects.filter(subtree_q(path), is_agency=True, valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
        key = posts(path).filter(unit__is_agency=True, is_key_leader=True, person__sex="F")
        return key.values("unit_id").distinct().count(), units.count()

    def trained(path: str) -> tuple[int, int]:
        women = pool(path).filter(person__sex="F")
        done = women.filter(
            person__training_records__completed=True,
            person__training_records__start_date__gte=PROGRAMME_START,
            person__training_records__start_date__lte=day,
        )
        return persons(done), persons(women)

    def committee(path: str) -> tuple[int, int]:
        sums = entered(path, "party_committee")
        return sums["female"], sums["female"] + sums["male"]

    def women(path: str) -> Any:
        return staff(path).filter(person__sex="F")

    appointments = lambda path: Post.objects.filter(  # noqa: E731
        subtree_q(path, "unit__"), start_date__gte=PROGRAMME_START, start_date__lte=day
    )
    return {
        "agencies_woman_key_leader": agencies,
        "pool_women": lambda path: (persons(pool(path).filter(person__sex="F")), persons(pool(path))),
        "pool_women_trained": trained,
        "leaders_women": lambda path: (posts(path).filter(person__sex="F").count(), posts(path).count()),
        "heads_women": lambda path: (
            posts(path).filter(rank=PostRank.HEAD, person__sex="F").count(),
            posts(path).filter(rank=PostRank.HEAD).count(),
        ),
        "appointments_women": lambda path: (
            appointments(path).filter(person__sex="F").count(),
            appointments(path).count(),
        ),
        "minority_leaders": lambda path: (posts(path).exclude(person__ethnicity="01").count(), posts(path).count()),
        "minority_staff": lambda path: (staff(path).exclude(person__ethnicity="01").count(), staff(path).count()),
        "senior_women": lambda path: (
            staff(path).filter(person__civil_service_rank__in=SENIOR_RANKS, person__sex="F").count(),
            staff(path).filter(person__civil_service_rank__in=SENIOR_RANKS).count(),
        ),
        "party_women": lambda path: (
            women(path).filter(person__party_member_since__lte=day).count(),
            women(path).count(),
        ),
        "party_committee_women": committee,
        "language_women": lambda path: (
            women(path).filter(person__languages__isnull=False).values("person_id").distinct().count(),
            women(path).count(),
        ),
        "theory_women": lambda path: (
            women(path).filter(person__political_theory__in=(TheoryLevel.INTERMEDIATE, TheoryLevel.ADVANCED)).count(),
            women(path).count(),
        ),
        "staff_women": lambda path: (women(path).count(), staff(path).count()),
        "health_check_women": lambda path: (entered(path, "health_check")["female"], women(path).count()),
        "prenatal_leave": lambda path: (
            entered(path, "prenatal_leave")["female"],
            entered(path, "pregnant")["female"],
        ),
        "domestic_violence_cases": lambda path: (entered(path, "domestic_violence_cases")["total"], None),
        "outreach_events": lambda path: (entered(path, "outreach_events")["total"], None),
    }


def naive_loop(province: OrgUnit, budget_s: float) -> dict[str, Any]:
    """Each naive indicator over every unit of the province (current subtree, units in force on DAY),
    indicator after indicator. Units go in a shuffled (seeded) order, so an indicator whose loop
    passes `budget_s` can stop early and be extrapolated from the units done: time / done * all."""
    units = list(
        OrgUnit.objects.filter(subtree_q(province.path), valid_from__lte=DAY)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=DAY))
        .values_list("id", "path")
    )
    random.Random(1).shuffle(units)
    results: dict[tuple[int, str], tuple[int, int | None]] = {}
    per_indicator: dict[str, dict[str, Any]] = {}
    for code, fn in naive_indicators(DAY).items():
        started = time.perf_counter()
        done = 0
        for unit_id, path in units:
            results[unit_id, code] = fn(path)
            done += 1
            if time.perf_counter() - started > budget_s:
                break
        ms = (time.perf_counter() - started) * 1000
        per_indicator[code] = {
            "ms": round(ms * len(units) / done, 1),
            "units_done": done,
            "extrapolated": done < len(units),
        }
    return {"units": len(units), "per_indicator": per_indicator, "results": results}


def engine_subset(province: OrgUnit) -> dict[tuple[int, str], tuple[int, int | None]]:
    evaluation = Evaluation(province, DAY)
    results = {}
    for unit_id in evaluation.tree.nodes:
        for indicator in CATALOGUE:
            result = evaluation.result(indicator, unit_id)
            results[unit_id, indicator.code] = (result.numerator, result.denominator)
    return results


# --- the run ------------------------------------------------------------------------------------


def staff_on_day(unit: OrgUnit) -> int:
    return Employment.objects.filter(active_on_q(DAY), subtree_q(unit.path, "unit__")).count()


def run(
    *, repeat: int = 7, heavy_repeat: int = 3, subset_staff: int = SUBSET_STAFF, naive_budget_s: float = 60.0
) -> dict[str, Any]:
    roots = provinces()
    assert roots, "no data: build it first"
    staff_by_province = {root.pk: staff_on_day(root) for root in roots}
    province = min(roots, key=lambda root: (abs(staff_by_province[root.pk] - subset_staff), root.path))
    results: dict[str, Any] = {
        "day": DAY.isoformat(),
        "database": connection.vendor,
        "sqlite": sqlite3.sqlite_version if connection.vendor == "sqlite" else None,
        "python": sys.version.split()[0],
        "provinces": len(roots),
        "units": OrgUnit.objects.count(),
        "people": Person.objects.count(),
        "staff_on_day": sum(staff_by_province.values()),
        "indicators": len(CATALOGUE),
        "subset": {"province": province.name, "units": None, "staff_on_day": staff_by_province[province.pk]},
        "aims": AIMS,
    }
    print(
        f"indicators on {DAY:%d/%m/%Y}: {results['provinces']} provinces, {results['units']:,} units, "
        f"{results['staff_on_day']:,} staff on the day; subset {province.name} "
        f"({staff_by_province[province.pk]:,} staff)",
        flush=True,
    )

    # 1 and 2(a): the full roll-up against one GROUP BY per indicator.
    engine = timed(lambda: engine_rollup(roots), heavy_repeat)
    evaluations, read = engine.pop("value")
    engine["results_read"] = read
    engine["units"] = sum(len(evaluation.tree.nodes) for evaluation in evaluations)
    print(f"  rollup (engine)          {engine['ms']:10.1f} ms  ({engine['queries']} queries)", flush=True)
    sql = timed(baseline_sql, heavy_repeat)
    found = sql.pop("value")
    sql["mismatched_units"] = check_baseline_sql(found, evaluations)
    del evaluations, found
    ratio = engine["ms"] / sql["ms"]
    results["rollup"] = {
        "engine": engine,
        "baseline_sql": sql,
        "ratio": round(ratio, 3),
        "aim_met": ratio <= AIMS["rollup_ratio"] and engine["ms"] <= AIMS["rollup_s"] * 1000,
    }
    print(
        f"  rollup baseline (a) SQL  {sql['ms']:10.1f} ms  ({sql['queries']} queries)   ratio {ratio:.3f}   "
        f"mismatched units {sum(sql['mismatched_units'].values())}",
        flush=True,
    )
    if not results["rollup"]["aim_met"]:
        results["rollup"]["hot_spots"] = {"of": "one full roll-up", "rows": hot_spots(lambda: engine_rollup(roots))}

    # 3(b): the engine on one province against one ORM query per unit per measure.
    subset_engine = timed(lambda: engine_subset(province), repeat)
    engine_results = subset_engine.pop("value")
    naive = once(lambda: naive_loop(province, naive_budget_s))
    loop = naive.pop("value")
    naive_results = loop.pop("results")
    measured = len(loop["per_indicator"])
    naive.update(loop)
    naive["indicators_measured"] = measured
    naive["any_extrapolated"] = any(row["extrapolated"] for row in loop["per_indicator"].values())
    loop_ms = sum(row["ms"] for row in loop["per_indicator"].values())
    naive["extrapolated_ms"] = round(loop_ms * len(CATALOGUE) / measured, 1)
    naive["mismatched"] = sum(engine_results[key] != value for key, value in naive_results.items())
    units = loop["units"]
    results["subset"]["units"] = units
    speedup = naive["extrapolated_ms"] / subset_engine["ms"]
    results["per_unit_orm"] = {
        "engine": subset_engine,
        "baseline_orm": naive,
        "ratio": round(subset_engine["ms"] / naive["extrapolated_ms"], 5),
        "speedup": round(speedup, 1),
        "aim_met": speedup >= AIMS["per_unit_speedup"],
    }
    print(
        f"  one province (engine)    {subset_engine['ms']:10.1f} ms  ({subset_engine['queries']} queries, "
        f"{units} units)",
        flush=True,
    )
    print(
        f"  baseline (b) ORM loop    {naive['extrapolated_ms']:10.1f} ms  ({len(CATALOGUE)} indicators, extrapolated "
        f"from {measured} run in {naive['ms'] / 1000:.0f} s with {naive['queries']:,} queries)   "
        f"ratio {1 / speedup:.5f} ({speedup:.0f}x faster)   mismatched {naive['mismatched']}",
        flush=True,
    )
    for code, row in loop["per_indicator"].items():
        note = f"  (extrapolated from {row['units_done']} units)" if row["extrapolated"] else ""
        print(f"    {code:28} {row['ms']:10.1f} ms{note}", flush=True)

    # 4: the dashboard of that province.
    results["dashboard"] = dashboard(province, repeat)
    row = results["dashboard"]
    print(f"  dashboard                {row['ms']:10.1f} ms  ({row['queries']} queries)", flush=True)
    for name in ("rollup", "dashboard"):
        for spot in results[name].get("hot_spots", {}).get("rows", []):
            print(
                f"    {name} hot spot: {spot['function']:60} {spot['cumulative_s']:8.3f} s cum  {spot['calls']} calls"
            )
    return results


def dashboard(province: OrgUnit, repeat: int) -> dict[str, Any]:
    User.objects.filter(username=BENCH_USER).delete()
    user = User.objects.create_user(BENCH_USER, role=Role.AGENCY_ADMIN, unit=province)
    url = f"{reverse('indicators:dashboard')}?on={DAY:%d/%m/%Y}"
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            client = Client()
            client.force_login(user)

            def render() -> int:
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return len(response.content)

            row = timed(render, repeat)
            row["bytes"] = row.pop("value")
            row["aim_met"] = row["ms"] <= AIMS["dashboard_ms"]
            if not row["aim_met"]:
                row["hot_spots"] = {"of": "one dashboard render", "rows": hot_spots(render)}
            client.logout()
    finally:
        user.delete()
    return row
