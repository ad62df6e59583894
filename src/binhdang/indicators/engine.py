"""The indicator engine: every measure for every unit of a subtree as of a day, live.

A handful of grouped queries count the registry's dated facts per unit (staff by sex, ethnicity,
rank, party, theory, language and age band; posts by level, rank and sex; the succession pool;
appointments; entered values), then one pass over the tree as it stood on that day adds each unit's
counts into its ancestors. No query per unit, nothing precomputed: a change shows on the next load.
The tree is the dated one (orgs.tree.tree_as_of), so merged, split and moved units count where
they stood on the day.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When

from binhdang.core.models import active_on_q
from binhdang.indicators import stamp
from binhdang.indicators.catalogue import AGE_BANDS, BY_CODE, PROGRAMME_START, Indicator, element_measures
from binhdang.indicators.models import AggregateValue
from binhdang.orgs.models import OrgUnit, subtree_q
from binhdang.orgs.tree import Tree, tree_as_of
from binhdang.registry.choices import SENIOR_RANKS, PostRank, TheoryLevel
from binhdang.registry.models import Employment, ForeignLanguage, Post, TrainingRecord

logger = logging.getLogger(__name__)

KINH = "01"
FAMILIES = frozenset({"staff", "posts", "pool", "appointments", "aggregates"})


@dataclass(frozen=True)
class Result:
    numerator: int
    denominator: int | None
    value: float | None  # a percentage for shares, the count otherwise; None when the denominator is 0
    # For a share over people whose sensitive fact is known (ethnicity): how many were left out as unknown.
    unknown: int | None = None


def years_before(day: datetime.date, years: int = 1) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def period_for(day: datetime.date) -> list[str]:
    """Entered values used for a day: the year's own value, else its first half-year's."""
    return [str(day.year), f"{day.year}-H1"]


class Evaluation:
    """All measures of one subtree on one day; ask for indicators of any unit in it."""

    def __init__(self, root: OrgUnit, day: datetime.date, families: frozenset[str] = FAMILIES) -> None:
        self.root = root
        self.day = day
        self.families = families
        province_path = root.path[: root.steplen]
        self.tree: Tree = tree_as_of(day, within=root, within_path=province_path if root.depth >= 1 else "")
        if root.pk not in self.tree.nodes:
            # The root was not in force on the day: its subtree is empty (tree_as_of would give the province).
            self.tree = Tree(day=day, nodes={}, roots=[])
        self.units = set(self.tree.nodes)
        self.leaf: dict[int, Counter[str]] = defaultdict(Counter)
        self.pyramid: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
        # Load by the current path of the province: a unit moved since the day may sit elsewhere now.
        self._path = province_path if root.depth >= 1 else ""
        self.woman_post: set[int] = set()
        self.woman_key_leader: set[int] = set()
        for family, load in (
            ("staff", self._staff),
            ("posts", self._posts),
            ("pool", self._pool),
            ("appointments", self._appointments),
            ("aggregates", self._aggregates),
        ):
            if family in families:
                load()
        self.totals = self._roll_up(self.leaf)
        self._unit_flags()

    # --- grouped queries ----------------------------------------------------------------------

    def _staff(self) -> None:
        """One row per unit: a conditional sum per measure and per age band and sex."""
        day = self.day
        female = Q(person__sex="F")
        language = Exists(ForeignLanguage.objects.filter(person_id=OuterRef("person_id")))
        cutoffs = [years_before(day, years) for years in (30, 40, 50, 60)]
        bands = [
            Q(person__birth_date__gt=cutoffs[0]),
            Q(person__birth_date__gt=cutoffs[1], person__birth_date__lte=cutoffs[0]),
            Q(person__birth_date__gt=cutoffs[2], person__birth_date__lte=cutoffs[1]),
            Q(person__birth_date__gt=cutoffs[3], person__birth_date__lte=cutoffs[2]),
            Q(person__birth_date__lte=cutoffs[3]),
        ]
        senior = Q(person__civil_service_rank__in=SENIOR_RANKS)

        def count(condition: Q | Exists) -> Sum:
            return Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))

        sums = {
            "staff": Count("id"),
            "staff_f": count(female),
            # A share of minority is over the people whose ethnicity is known; the unknown are counted apart.
            "staff_minority": count(Q(person__ethnicity__isnull=False) & ~Q(person__ethnicity=KINH)),
            "staff_ethnicity_known": count(Q(person__ethnicity__isnull=False)),
            "staff_ethnicity_unknown": count(Q(person__ethnicity__isnull=True)),
            "senior": count(senior),
            "senior_f": count(senior & female),
            "staff_f_party": count(female & Q(person__party_member_since__lte=day)),
            "staff_f_theory": count(
                female & Q(person__political_theory__in=(TheoryLevel.INTERMEDIATE, TheoryLevel.ADVANCED))
            ),
            "staff_f_language": count(female & language),
        }
        for band, condition in zip(AGE_BANDS, bands, strict=True):
            sums[f"age:{band}:F"] = count(condition & female)
            sums[f"age:{band}:M"] = count(condition & ~female)
        rows = (
            Employment.objects.filter(active_on_q(day), subtree_q(self._path, "unit__"))
            .values("unit_id")
            .annotate(**sums)
            .order_by()
        )
        for row in rows:
            unit_id = row.pop("unit_id")
            if unit_id not in self.units:
                continue
            counts = self.leaf[unit_id]
            for name, value in row.items():
                if not value:
                    continue
                if name.startswith("age:"):
                    _age, band, sex = name.split(":")
                    self.pyramid[unit_id][band, sex] += value
                else:
                    counts[name] += value

    def _posts(self) -> None:
        rows = (
            Post.objects.filter(active_on_q(self.day), subtree_q(self._path, "unit__"))
            .annotate(
                # 1 minority, 0 Kinh, None unknown (never counted as either).
                minority=Case(
                    When(person__ethnicity__isnull=True, then=Value(None)),
                    When(person__ethnicity=KINH, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .values_list("unit_id", "level", "rank", "is_key_leader", "person__sex", "minority")
            .annotate(n=Count("id"))
            .order_by()
        )
        for unit_id, level, rank, key_leader, sex, minority, n in rows:
            if unit_id not in self.units:
                continue
            counts = self.leaf[unit_id]
            female = sex == "F"
            for suffix in ("", f"__{level}"):
                counts[f"leaders{suffix}"] += n
                counts[f"leaders_f{suffix}"] += n if female else 0
                if rank == PostRank.HEAD:
                    counts[f"heads{suffix}"] += n
                    counts[f"heads_f{suffix}"] += n if female else 0
                else:
                    counts[f"deputies{suffix}"] += n
                    counts[f"deputies_f{suffix}"] += n if female else 0
            counts["leaders_minority"] += n if minority else 0
            counts["leaders_ethnicity_unknown" if minority is None else "leaders_ethnicity_known"] += n
            if female:
                self.woman_post.add(unit_id)
                if key_leader:
                    self.woman_key_leader.add(unit_id)

    def _pool(self) -> None:
        """People of the subtree in the succession pool on the day, placed at their unit of work:
        from the subtree's employments, joined to their pool entries (not the country's pool)."""
        day = self.day
        trained = TrainingRecord.objects.filter(
            person_id=OuterRef("person_id"), completed=True, start_date__gte=PROGRAMME_START, start_date__lte=day
        )
        rows = (
            Employment.objects.filter(active_on_q(day), subtree_q(self._path, "unit__"))
            .filter(active_on_q(day, "person__pool_entries__"))
            .annotate(trained=Exists(trained))
            .values_list("unit_id", "person_id", "person__sex", "person__pool_entries__level", "trained")
            .order_by()
        )
        seen: set[tuple[int, int]] = set()
        seen_level: set[tuple[int, int, str]] = set()
        for unit_id, person_id, sex, level, was_trained in rows:
            if unit_id not in self.units:
                continue
            counts = self.leaf[unit_id]
            female = sex == "F"
            if (unit_id, person_id) not in seen:  # a person planned for two titles counts once in the pool
                seen.add((unit_id, person_id))
                counts["pool"] += 1
                if female:
                    counts["pool_f"] += 1
                    counts["pool_f_trained"] += 1 if was_trained else 0
            if (unit_id, person_id, level) not in seen_level:
                seen_level.add((unit_id, person_id, level))
                counts[f"pool__{level}"] += 1
                counts[f"pool_f__{level}"] += 1 if female else 0

    def _appointments(self) -> None:
        rows = (
            Post.objects.filter(
                subtree_q(self._path, "unit__"), start_date__gte=PROGRAMME_START, start_date__lte=self.day
            )
            .values_list("unit_id", "person__sex")
            .annotate(n=Count("id"))
            .order_by()
        )
        for unit_id, sex, n in rows:
            if unit_id in self.units:
                self.leaf[unit_id]["appointments"] += n
                self.leaf[unit_id]["appointments_f"] += n if sex == "F" else 0

    def _aggregates(self) -> None:
        wanted = period_for(self.day)
        rows = (
            AggregateValue.objects.filter(subtree_q(self._path, "unit__"), period__in=wanted)
            .values_list("unit_id", "element", "period", "female", "male", "total")
            .order_by()
        )
        chosen: dict[tuple[int, str], tuple[str, int | None, int | None, int | None]] = {}
        for unit_id, element, period, female, male, total in rows:
            key = (unit_id, element)
            # The year's own value wins over the first half-year's.
            if key not in chosen or wanted.index(period) < wanted.index(chosen[key][0]):
                chosen[key] = (period, female, male, total)
        for (unit_id, element), (_period, female, male, total) in chosen.items():
            if unit_id in self.units:
                self.leaf[unit_id].update(element_measures(element, female, male, total))

    # --- the roll-up ----------------------------------------------------------------------------

    def _depth_order(self) -> list[int]:
        depth: dict[int, int] = {}
        for root in self.tree.roots:
            stack = [(root, 0)]
            while stack:
                node, level = stack.pop()
                depth[node.id] = level
                stack.extend((child, level + 1) for child in node.children)
        return sorted(depth, key=depth.__getitem__, reverse=True)

    def _roll_up(self, leaf: dict[int, Counter[str]]) -> dict[int, Counter[str]]:
        totals: dict[int, Counter[str]] = {unit_id: Counter(leaf.get(unit_id, {})) for unit_id in self.units}
        for unit_id in self._depth_order():  # deepest first: a unit's total is complete when it is added up
            parent = self.tree.nodes[unit_id].parent_id
            if parent in totals and unit_id != self.root.pk:
                totals[parent].update(totals[unit_id])
        return totals

    def _unit_flags(self) -> None:
        """Counts of units, which need each unit's own total first: agencies with a woman key leader,
        units whose staff are at least half women (with a woman holding one of their posts)."""
        flags: dict[int, Counter[str]] = defaultdict(Counter)
        for unit_id, node in self.tree.nodes.items():
            total = self.totals[unit_id]
            if node.is_agency:
                flags[unit_id]["agencies"] = 1
                flags[unit_id]["agencies_woman_key_leader"] = 1 if unit_id in self.woman_key_leader else 0
            if total["staff"] and 2 * total["staff_f"] >= total["staff"]:
                flags[unit_id]["women_units"] = 1
                flags[unit_id]["women_units_woman_leader"] = 1 if unit_id in self.woman_post else 0
        for unit_id, counts in self._roll_up(flags).items():
            self.totals[unit_id].update(counts)

    # --- answers ----------------------------------------------------------------------------------

    def measure(self, name: str, unit_id: int | None = None) -> int:
        return self.totals.get(unit_id or self.root.pk, Counter())[name]

    def result(self, indicator: Indicator | str, unit_id: int | None = None, level: str = "") -> Result:
        spec = BY_CODE[indicator] if isinstance(indicator, str) else indicator
        suffix = f"__{level}" if level and spec.by_level else ""
        numerator = self.measure(spec.numerator + suffix, unit_id)
        if spec.denominator is None:
            return Result(numerator, None, float(numerator))
        denominator = self.measure(spec.denominator + suffix, unit_id)
        value = 100.0 * numerator / denominator if denominator else None
        unknown = self.measure(spec.unknown, unit_id) if spec.unknown else None
        return Result(numerator, denominator, value, unknown)

    def children(self, unit_id: int | None = None) -> list[int]:
        node = self.tree.nodes.get(unit_id or self.root.pk)
        return [child.id for child in node.children] if node else []

    def age_sex(self, unit_id: int | None = None) -> dict[tuple[str, str], int]:
        """Staff by (age band, sex) in the unit's subtree on the day. Kept once added up: a cached
        evaluation answers the next dashboard without walking a province's thousand units again."""
        unit_id = unit_id or self.root.pk
        known = self.__dict__.setdefault("_age_sex", {})
        if unit_id not in known:
            result: Counter[tuple[str, str]] = Counter()
            for member in self.tree.descendants(unit_id):
                result.update(self.pyramid.get(member, {}))
            known[unit_id] = dict(result)
        return dict(known[unit_id])


def families_for(indicator: Indicator) -> frozenset[str]:
    """The grouped queries an indicator needs (a trend of one indicator runs only those)."""
    found = set()
    for measure in (indicator.numerator, indicator.denominator or ""):
        if measure.startswith(("staff", "senior")):
            found.add("staff")
        elif measure.startswith(("leaders", "heads", "deputies", "agencies")):
            found.add("posts")
        elif measure.startswith("pool"):
            found.add("pool")
        elif measure.startswith("appointments"):
            found.add("appointments")
        elif measure.startswith("women_units"):
            found |= {"staff", "posts"}
        elif measure:
            found.add("aggregates")
    return frozenset(found)


def evaluate(root: OrgUnit, day: datetime.date, families: frozenset[str] = FAMILIES) -> Evaluation:
    return Evaluation(root, day, families)


# A stamp renewed by a write orphans its entries; they expire after this (seconds).
CACHE_SECONDS = 3600
# Unpickling a province's evaluation from the shared cache costs tens of milliseconds (a Counter per
# unit); each process also keeps the last few it used. Their keys hold the stamp, so they cannot go stale.
LOCAL_ENTRIES = 8
_local: OrderedDict[str, Evaluation] = OrderedDict()
_local_lock = threading.Lock()
_flights: dict[str, threading.Lock] = {}


def _remember(key: str, evaluation: Evaluation) -> Evaluation:
    with _local_lock:
        _local[key] = evaluation
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return evaluation


def cached_evaluate(root: OrgUnit, day: datetime.date, families: frozenset[str] = FAMILIES) -> Evaluation:
    """evaluate(), kept in the cache under the stamp of the data (indicators.stamp): pages that ask
    for the same subtree and day again get it without a query, and any write gives a new stamp, so
    the next load after a change evaluates afresh."""
    current = stamp.current()
    if current is None:
        return evaluate(root, day, families)
    key = f"indicators-evaluation-{root.pk}-{day.isoformat()}-{'.'.join(sorted(families))}-{current}"
    with _local_lock:
        found = _local.get(key)
    if found is not None:
        return found
    try:
        found = cache.get(key)
    except Exception:  # the cache is down: the figures are still there, live
        logger.exception("could not read a cached evaluation")
        return evaluate(root, day, families)
    if found is not None:
        return _remember(key, found)
    # One thread of the process evaluates; the others asking for the same key wait for its result.
    with _local_lock:
        flight = _flights.setdefault(key, threading.Lock())
    with flight:
        with _local_lock:
            found = _local.get(key)
        if found is not None:
            return found
        evaluation = evaluate(root, day, families)
        try:
            cache.set(key, evaluation, CACHE_SECONDS)
        except Exception:
            logger.exception("could not cache an evaluation")
        _remember(key, evaluation)
    with _local_lock:
        _flights.pop(key, None)
    return evaluation


__all__ = [
    "FAMILIES",
    "Evaluation",
    "Result",
    "cached_evaluate",
    "evaluate",
    "families_for",
    "period_for",
    "years_before",
]
