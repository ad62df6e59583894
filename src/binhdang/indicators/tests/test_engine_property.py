"""The engine against a plain reference on random trees and registries, restructured or not.

Hypothesis builds a province (2–8 units over up to three levels below it, a neighbouring province
beside it), people with random facts about them (jobs, posts, pool entries, training, languages),
then applies up to two dated restructurings (move, merge, merge into a new unit, rename, split)
through `orgs.restructuring`, which also moves staff and posts. For one or two days and two roots
(the province, one department) every measure of every unit is recomputed by brute force: the tree
of the day from the unit versions, then a loop over every fact for every unit. Nothing here uses
the engine's queries or `tree_as_of`, and the indicators' numerators and denominators are written
out below, so a bug in any of them shows. Evaluations that run only the queries of one indicator
(`families_for`) are checked too.

Dates are drawn from a few days and their neighbours, so facts start and end on the very day
evaluated, birthdays fall on the age bands' edges (29 February included) and restructurings land
between the days evaluated. `--hypothesis-show-statistics` lists which restructurings were made.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from binhdang.indicators.catalogue import BY_CODE
from binhdang.indicators.engine import Evaluation, families_for
from binhdang.orgs.models import OrgUnit, RestructuringEvent, UnitVersion
from binhdang.orgs.restructuring import NewUnit, create_unit, merge, move, rename, split
from binhdang.registry.models import Employment, ForeignLanguage, Person, PoolEntry, Post, TrainingRecord

D = datetime.date
PROGRAMME_START = D(2021, 1, 1)
LEVELS = ("province", "department", "division", "affiliated", "commune")
RANKS = ("senior", "principal", "specialist", "officer", "staff", "none")
THEORY = ("none", "elementary", "intermediate", "advanced")
ETHNICITIES = ("01", "01", "02", "07", "09", None)  # Kinh, Tày, Nùng, Dao, unknown

FOUNDED = D(2000, 1, 1)
UNIT_DAYS = (FOUNDED, D(2018, 1, 1), D(2020, 1, 1))  # units are established on one of these ...
CHANGE_DAYS = (
    D(2021, 1, 1),
    D(2022, 6, 15),
    D(2023, 3, 1),
    D(2024, 2, 29),
    D(2025, 1, 1),
    D(2026, 7, 1),
)  # ... changed
EVAL_DAYS = (
    D(2016, 5, 1),  # before some units existed
    D(2019, 12, 31),
    D(2020, 1, 1),
    D(2020, 12, 31),  # the eve of the programme's start
    D(2021, 1, 1),
    D(2022, 6, 14),
    D(2022, 6, 15),
    D(2023, 2, 28),
    D(2023, 3, 1),
    D(2024, 2, 29),
    D(2025, 1, 1),
    D(2026, 2, 28),
    D(2026, 3, 1),
    D(2026, 11, 1),
)
OTHER = -1  # a unit index meaning the department of the neighbouring province

COUNTED = ("leaders", "leaders_f", "heads", "heads_f", "deputies", "deputies_f", "pool", "pool_f")
MEASURES = (
    "staff",
    "staff_f",
    "staff_minority",
    "staff_ethnicity_known",
    "staff_ethnicity_unknown",
    "senior",
    "senior_f",
    "staff_f_party",
    "staff_f_theory",
    "staff_f_language",
    "leaders",
    "leaders_f",
    "heads",
    "heads_f",
    "deputies",
    "deputies_f",
    "leaders_minority",
    "leaders_ethnicity_known",
    "leaders_ethnicity_unknown",
    "pool",
    "pool_f",
    "pool_f_trained",
    "appointments",
    "appointments_f",
    "agencies",
    "agencies_woman_key_leader",
    "women_units",
    "women_units_woman_leader",
) + tuple(f"{name}__{level}" for name in COUNTED for level in LEVELS)

# Indicator code -> (numerator, denominator), written out from the catalogue's definitions.
INDICATORS = {
    "staff_women": ("staff_f", "staff"),
    "minority_staff": ("staff_minority", "staff_ethnicity_known"),
    "senior_women": ("senior_f", "senior"),
    "party_women": ("staff_f_party", "staff_f"),
    "theory_women": ("staff_f_theory", "staff_f"),
    "language_women": ("staff_f_language", "staff_f"),
    "leaders_women": ("leaders_f", "leaders"),
    "heads_women": ("heads_f", "heads"),
    "minority_leaders": ("leaders_minority", "leaders_ethnicity_known"),
    "pool_women": ("pool_f", "pool"),
    "pool_women_trained": ("pool_f_trained", "pool_f"),
    "appointments_women": ("appointments_f", "appointments"),
    "agencies_woman_key_leader": ("agencies_woman_key_leader", "agencies"),
    "women_units_woman_leader": ("women_units_woman_leader", "women_units"),
}
BY_LEVEL = ("leaders_women", "heads_women", "pool_women")


# --- the scenario -------------------------------------------------------------------------------


@dataclass
class UnitSpec:
    parent: int  # index into Scenario.units; 0 is the province
    kind: str
    is_agency: bool
    created: datetime.date


@dataclass
class PersonSpec:
    sex: str
    ethnicity: str | None  # None: unknown
    rank: str
    theory: str
    party: datetime.date | None
    birth: datetime.date
    jobs: list[tuple[int, datetime.date, datetime.date | None]]  # (unit, start, end)
    posts: list[tuple[int, str, str, bool, datetime.date, datetime.date | None]]  # unit, level, rank, key, dates
    pool: list[tuple[str, datetime.date, datetime.date | None]]
    training: list[tuple[bool, datetime.date]]  # completed, start
    languages: int


@dataclass
class Change:
    kind: str  # move, merge, merge_new, rename, split
    unit: int  # which of the units in force it applies to (modulo their number)
    other: int  # which of the units it may move or merge into (modulo their number)
    day: datetime.date


@dataclass
class Scenario:
    units: list[UnitSpec]
    people: list[PersonSpec]
    changes: list[Change]
    days: list[datetime.date]
    department: int  # index of the department used as a second root


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


FACT_DAY = st.builds(
    lambda day, shift: day + datetime.timedelta(days=shift),
    st.sampled_from(EVAL_DAYS + CHANGE_DAYS),
    st.sampled_from((-1, 0, 0, 1)),
)


@st.composite
def spans(draw: st.DrawFn) -> tuple[datetime.date, datetime.date | None]:
    start, end = draw(FACT_DAY), draw(st.none() | FACT_DAY)
    return (start, end) if end is None or end >= start else (end, start)


@st.composite
def people(draw: st.DrawFn, unit_count: int) -> PersonSpec:
    unit = st.integers(0, unit_count - 1) | st.just(OTHER)
    # Birthdays on or next to an evaluation day, so the age bands' edges are hit (29 February too).
    anchor, age, shift = draw(st.sampled_from(EVAL_DAYS)), draw(st.integers(20, 64)), draw(st.sampled_from((-1, 0, 1)))
    jobs = []
    count = draw(st.integers(0, 2))
    days = sorted(draw(st.lists(FACT_DAY, min_size=2 * count, max_size=2 * count, unique=True)))
    for i in range(count):  # one after the other: a person never holds two jobs at once
        end = None if i == count - 1 and draw(st.booleans()) else days[2 * i + 1]
        jobs.append((draw(unit), days[2 * i], end))
    post = st.tuples(unit, st.sampled_from(LEVELS), st.sampled_from(("head", "deputy")), st.booleans(), spans())
    return PersonSpec(
        sex=draw(st.sampled_from("FM")),
        ethnicity=draw(st.sampled_from(ETHNICITIES)),
        rank=draw(st.sampled_from(RANKS)),
        theory=draw(st.sampled_from(THEORY)),
        party=draw(st.none() | FACT_DAY),
        birth=years_before(anchor, age) + datetime.timedelta(days=shift),
        jobs=jobs,
        posts=[(u, level, rank, key, *span) for u, level, rank, key, span in draw(st.lists(post, max_size=2))],
        pool=[
            (level, *span) for level, span in draw(st.lists(st.tuples(st.sampled_from(LEVELS), spans()), max_size=2))
        ],
        training=draw(st.lists(st.tuples(st.booleans(), FACT_DAY), max_size=2)),
        languages=draw(st.integers(0, 2)),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    units = [UnitSpec(parent=-1, kind="province", is_agency=False, created=FOUNDED)]
    depth = [1]
    for i in range(1, draw(st.integers(2, 8))):
        if i == 1:  # there is always a department to use as a root
            parent = 0
        else:
            parent = draw(st.sampled_from([j for j in range(i) if depth[j] < 4]))
        kinds = ("department", "commune") if parent == 0 else ("division", "affiliated")
        created = max(units[parent].created, draw(st.sampled_from(UNIT_DAYS)))
        kind = "department" if i == 1 else draw(st.sampled_from(kinds))
        units.append(UnitSpec(parent, kind, draw(st.booleans()), created))
        depth.append(depth[parent] + 1)
    n = len(units)
    change = st.builds(
        Change,
        st.sampled_from(("move", "merge", "merge_new", "rename", "split")),
        st.integers(0, 7),
        st.integers(0, 7),
        st.sampled_from(CHANGE_DAYS),
    )
    departments = [i for i, unit in enumerate(units) if unit.kind == "department"]
    # Counts drawn first: lists of the drawn size, not hypothesis's usual short lists.
    crowd = [draw(people(n)) for _ in range(draw(st.integers(0, 25)))]
    changes = [draw(change) for _ in range(draw(st.sampled_from((1, 2, 0, 2))))]
    return Scenario(
        units=units,
        people=crowd,
        changes=sorted(changes, key=lambda c: c.day),
        days=draw(st.lists(st.sampled_from(EVAL_DAYS), min_size=1, max_size=2, unique=True)),
        department=draw(st.sampled_from(departments)),
    )


# --- building it ---------------------------------------------------------------------------------


def unit(pk: int) -> OrgUnit:
    return OrgUnit.objects.get(pk=pk)  # fresh: moves and merges change paths and children


def build(scenario: Scenario) -> list[int]:
    """Create the scenario's rows; the ids of its units (0: the province)."""
    province = create_unit(NewUnit("P", "Tỉnh Thử", "province"), None, FOUNDED)
    neighbour = create_unit(NewUnit("Q", "Tỉnh Bên", "province"), None, FOUNDED)
    other = create_unit(NewUnit("Q-1", "Sở Bên", "department", True), neighbour, FOUNDED)
    ids = [province.pk]
    for i, spec in enumerate(scenario.units[1:], 1):
        name = f"Đơn vị {i}"
        ids.append(
            create_unit(NewUnit(f"P-{i}", name, spec.kind, spec.is_agency), unit(ids[spec.parent]), spec.created).pk
        )

    def at(index: int) -> int:
        return other.pk if index == OTHER else ids[index]

    persons = []
    for i, spec in enumerate(scenario.people):
        person = Person(
            family_name="Nguyễn Thị" if spec.sex == "F" else "Trần Văn",
            given_name="An",
            sex=spec.sex,
            birth_date=spec.birth,
            ethnicity=spec.ethnicity,
            employment_type="civil_servant",
            civil_service_rank=spec.rank,
            political_theory=spec.theory,
            party_member_since=spec.party,
            employee_code=f"P{i:03}",
            province=province,
        )
        person.derive()
        persons.append(person)
    Person.objects.bulk_create(persons)
    jobs, posts, pool, training, languages = [], [], [], [], []
    for person, spec in zip(persons, scenario.people, strict=True):
        for index, start, end in spec.jobs:
            jobs.append(Employment(person=person, unit_id=at(index), start_date=start, end_date=end))
        for index, level, rank, key, start, end in spec.posts:
            posts.append(
                Post(
                    person=person, unit_id=at(index), title=f"{rank} {index}", level=level, rank=rank,
                    is_key_leader=key, start_date=start, end_date=end,
                )
            )  # fmt: skip
        for level, start, end in spec.pool:
            pool.append(
                PoolEntry(
                    person=person, title="Trưởng phòng", level=level, period_start=2025, period_end=2030,
                    start_date=start, end_date=end,
                )
            )  # fmt: skip
        for completed, start in spec.training:
            training.append(
                TrainingRecord(
                    person=person, kind="leadership", course="Kỹ năng", start_date=start, completed=completed
                )
            )
        for language in ("Tiếng Anh", "Tiếng Pháp")[: spec.languages]:
            languages.append(ForeignLanguage(person=person, language=language, level="B1"))
    Employment.objects.bulk_create(jobs)
    Post.objects.bulk_create(posts)
    PoolEntry.objects.bulk_create(pool)
    TrainingRecord.objects.bulk_create(training)
    ForeignLanguage.objects.bulk_create(languages)

    known = list(ids)  # units merges and splits create can be restructured in turn
    for n, change in enumerate(scenario.changes):
        day = change.day
        # Pick among the units the change can apply to, so that few changes are refused.
        movable = [u for u in map(unit, known[1:]) if u.is_active_on(day)]
        if not movable:
            continue
        first = movable[change.unit % len(movable)]
        outside = [u for u in map(unit, known) if u.is_active_on(day) and not u.path.startswith(first.path)]
        if change.kind == "merge_new":  # two sources, neither under the other
            outside = [u for u in outside if u.depth > 1 and not first.path.startswith(u.path)]
        second = outside[change.other % len(outside)] if outside else None
        try:  # a change the rules still refuse (a unit changed that day already ...) is simply not made
            if change.kind == "move" and second is not None:
                move(first, second, day)
            elif change.kind == "merge" and second is not None:
                merge([first], second, day)
            elif change.kind == "merge_new" and second is not None:
                known.append(merge([first, second], NewUnit(f"M-{n}", f"Hợp nhất {n}", first.kind, True), day).pk)
            elif change.kind == "rename":
                rename(first, f"Đổi tên {n}", day)
            elif change.kind == "split":
                parts = [NewUnit(f"S-{n}-{k}", f"Tách {n}.{k}", first.kind, k == 0) for k in range(2)]
                known += [part.pk for part in split(first, parts, day)]
        except ValidationError as e:
            event(f"refused {change.kind}: {list(e.message_dict) if hasattr(e, 'error_dict') else e.messages}"[:90])
    return ids


# --- the reference -------------------------------------------------------------------------------


def in_force(fact: object, day: datetime.date) -> bool:
    start = fact.valid_from if isinstance(fact, OrgUnit | UnitVersion) else fact.start_date
    end = fact.valid_to if isinstance(fact, OrgUnit | UnitVersion) else fact.end_date
    return start <= day and (end is None or day <= end)


def age_band(birth: datetime.date, day: datetime.date) -> str:
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    if age < 30:
        return "under_30"
    if age >= 60:
        return "60_plus"
    return f"{age // 10 * 10}_{age // 10 * 10 + 9}"


def reference(root_id: int, day: datetime.date) -> tuple[dict[int, Counter[str]], dict[int, Counter[tuple[str, str]]]]:
    """Every measure and the age pyramid of every unit under `root_id` on `day`, by brute force."""
    units = {u.pk: u for u in OrgUnit.objects.all() if in_force(u, day)}
    parent_of: dict[int, int | None] = {}
    for version in UnitVersion.objects.all():
        if version.unit_id in units and in_force(version, day):
            assert version.unit_id not in parent_of, f"two versions of unit {version.unit_id} on {day}"
            parent_of[version.unit_id] = version.parent_id
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id in units:
        if parent_of.get(unit_id) in units:
            children[parent_of[unit_id]].append(unit_id)

    def below(unit_id: int) -> set[int]:
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            assert current not in found, "a cycle in the tree"
            found.add(current)
            stack.extend(children[current])
        return found

    if root_id not in units:
        return {}, {}
    subtree = {unit_id: below(unit_id) for unit_id in below(root_id)}

    person = {p.pk: p for p in Person.objects.all()}
    speakers = {language.person_id for language in ForeignLanguage.objects.all()}
    jobs = [job for job in Employment.objects.all() if in_force(job, day)]
    all_posts = list(Post.objects.all())
    posts = [post for post in all_posts if in_force(post, day)]
    workplace: dict[int, int] = {}
    for job in jobs:
        assert job.person_id not in workplace, "two jobs at once"
        workplace[job.person_id] = job.unit_id
    planned: dict[int, set[str]] = defaultdict(set)
    for entry in PoolEntry.objects.all():
        if in_force(entry, day):
            planned[entry.person_id].add(entry.level)
    trained = {
        record.person_id
        for record in TrainingRecord.objects.all()
        if record.completed and PROGRAMME_START <= record.start_date <= day
    }

    def woman(person_id: int) -> bool:
        return person[person_id].sex == "F"

    measures: dict[int, Counter[str]] = {}
    pyramids: dict[int, Counter[tuple[str, str]]] = {}
    for unit_id, members in subtree.items():
        counts: Counter[str] = Counter()
        pyramid: Counter[tuple[str, str]] = Counter()
        for job in jobs:
            if job.unit_id not in members:
                continue
            someone = person[job.person_id]
            senior = someone.civil_service_rank in ("senior", "principal")
            counts["staff"] += 1
            # Unknown is neither minority nor Kinh: left out of the share, counted apart.
            counts["staff_minority"] += someone.ethnicity not in (None, "01")
            counts["staff_ethnicity_known" if someone.ethnicity else "staff_ethnicity_unknown"] += 1
            counts["senior"] += senior
            if someone.sex == "F":
                counts["staff_f"] += 1
                counts["senior_f"] += senior
                counts["staff_f_party"] += someone.party_member_since is not None and someone.party_member_since <= day
                counts["staff_f_theory"] += someone.political_theory in ("intermediate", "advanced")
                counts["staff_f_language"] += someone.pk in speakers
            pyramid[age_band(someone.birth_date, day), someone.sex] += 1
        for post in posts:
            if post.unit_id not in members:
                continue
            for suffix in ("", f"__{post.level}"):
                kind = "heads" if post.rank == "head" else "deputies"
                for name in ("leaders", kind):
                    counts[name + suffix] += 1
                    counts[f"{name}_f{suffix}"] += woman(post.person_id)
            holder = person[post.person_id].ethnicity
            counts["leaders_minority"] += holder not in (None, "01")
            counts["leaders_ethnicity_known" if holder else "leaders_ethnicity_unknown"] += 1
        for post in all_posts:
            if post.unit_id in members and PROGRAMME_START <= post.start_date <= day:
                counts["appointments"] += 1
                counts["appointments_f"] += woman(post.person_id)
        for person_id, levels in planned.items():
            if workplace.get(person_id) not in members:
                continue
            counts["pool"] += 1
            counts["pool_f"] += woman(person_id)
            counts["pool_f_trained"] += woman(person_id) and person_id in trained
            for level in levels:
                counts[f"pool__{level}"] += 1
                counts[f"pool_f__{level}"] += woman(person_id)
        for member in members:
            held_by_women = [post for post in posts if post.unit_id == member and woman(post.person_id)]
            if units[member].is_agency:
                counts["agencies"] += 1
                counts["agencies_woman_key_leader"] += any(post.is_key_leader for post in held_by_women)
            staff = [job for job in jobs if job.unit_id in subtree[member]]
            women = [job for job in staff if woman(job.person_id)]
            if staff and 2 * len(women) >= len(staff):
                counts["women_units"] += 1
                counts["women_units_woman_leader"] += bool(held_by_women)
        measures[unit_id] = counts
        pyramids[unit_id] = pyramid
    return measures, pyramids


# --- the property --------------------------------------------------------------------------------


def expected_result(counts: Counter[str], indicator: str, level: str) -> tuple[int, int, object]:
    numerator, denominator = INDICATORS[indicator]
    suffix = f"__{level}" if level else ""
    top, bottom = counts[numerator + suffix], counts[denominator + suffix]
    return top, bottom, pytest.approx(100.0 * top / bottom) if bottom else None


def compare(evaluation: Evaluation, root_id: int, day: datetime.date, *, partial: bool = False) -> list[str]:
    """What the engine gets wrong on `day` for the subtree of `root_id`, one line per mismatch. With
    `partial`, also each indicator from an evaluation that runs only the queries it needs."""
    measures, pyramids = reference(root_id, day)
    code = dict(OrgUnit.objects.values_list("pk", "code"))
    wrong = []
    if not measures:  # the root was not in force on the day: its subtree is empty
        wrong += [
            f"{name}: {evaluation.measure(name, root_id)}" for name in MEASURES if evaluation.measure(name, root_id)
        ]
        if evaluation.age_sex(root_id):
            wrong.append(f"age_sex: {evaluation.age_sex(root_id)}")
        return wrong
    for unit_id, counts in measures.items():
        where = f"{code[unit_id]} on {day}"
        for name in MEASURES:
            if evaluation.measure(name, unit_id) != counts[name]:
                wrong.append(f"{where} {name}: engine {evaluation.measure(name, unit_id)}, reference {counts[name]}")
        if Counter(evaluation.age_sex(unit_id)) != +pyramids[unit_id]:
            wrong.append(f"{where} age_sex: engine {evaluation.age_sex(unit_id)}, reference {dict(pyramids[unit_id])}")
        for indicator in INDICATORS:
            for level in ("", *LEVELS) if indicator in BY_LEVEL else ("",):
                result = evaluation.result(indicator, unit_id, level=level)
                expected = expected_result(counts, indicator, level)
                if (result.numerator, result.denominator, result.value) != expected:
                    wrong.append(f"{where} result {indicator} {level}: engine {result}, reference {expected}")
        for indicator, unknown in (("minority_staff", "staff"), ("minority_leaders", "leaders")):
            # The unknowns beside the share, and the share's people + the unknown = all of them.
            result, whole = evaluation.result(indicator, unit_id), counts[unknown]
            if (result.unknown, result.denominator + (result.unknown or 0)) != (
                counts[f"{unknown}_ethnicity_unknown"],
                whole,
            ):
                wrong.append(f"{where} unknown {indicator}: engine {result}, reference {whole}")
    if partial:
        for indicator in INDICATORS:
            alone = Evaluation(evaluation.root, day, families_for(BY_CODE[indicator]))
            for unit_id, counts in measures.items():
                result, expected = alone.result(indicator, unit_id), expected_result(counts, indicator, "")
                if (result.numerator, result.denominator, result.value) != expected:
                    wrong.append(f"{code[unit_id]} on {day} {indicator} alone: engine {result}, reference {expected}")
    return wrong


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_engine_matches_a_brute_force_reference(db, scenario):
    # Hypothesis runs every example in the same test (and transaction): each one rolls back its rows.
    with transaction.atomic():
        try:
            ids = build(scenario)
            # A merge hands a job on open-ended: with a later job of the same person, two would overlap.
            spans_by_person = defaultdict(list)
            for job in Employment.objects.order_by("start_date"):
                spans_by_person[job.person_id].append(job)
            assume(
                not any(
                    earlier.end_date is None or earlier.end_date >= later.start_date
                    for jobs in spans_by_person.values()
                    for earlier, later in zip(jobs, jobs[1:], strict=False)
                )
            )
            changes = RestructuringEvent.objects.exclude(kind="create").values_list("kind", flat=True)
            event(f"changes tried {len(scenario.changes)}")
            event(f"restructurings made: {sorted(changes)}")
            wrong = []
            for i, day in enumerate(scenario.days):
                for root_id in (ids[0], ids[scenario.department]):
                    partial = i == 0 and root_id == ids[0]
                    wrong += compare(Evaluation(unit(root_id), day), root_id, day, partial=partial)
            assert not wrong, "\n".join(wrong[:30])
        finally:
            transaction.set_rollback(True)
