"""What a viewer (counts only) may see of counts of people: nothing that rests on fewer than 5 people,
and nothing that lets one work such a count out from the numbers that are shown.

The one place of the rule (docs/indicators.md, "Privacy"). A page builds a `Table` of the counts it
shows a viewer and of the additive relations between them (women + men = total; a unit's total = its
own staff + its children's totals; a column's total = the sum of its rows ...), then `suppress()`
decides which to hide:

1. primary suppression: every count from 1 to SMALL_COUNT - 1 (a small count can name a person);
2. complementary (secondary) suppression: while a relation has exactly one hidden cell, or a hidden
   cell can be solved for exactly from the relations and the shown cells (linear algebra over the
   hidden cells), hide one more cell of such a relation: the smallest non-zero shown one, the first
   declared among equals (the same table always hides the same cells).

Zeros are never hidden as the complement: a hidden zero beside a hidden small count would be read
back from the bounds (a count is never negative). Cells no page shows (a unit's own staff, beside its
total and its children's) take part in the relations as unknowns; a small one must not be worked out.

A share (numerator / denominator) and a gap to a target ("2 more women") are shown only when every
count they rest on is shown: with the share and its denominator one has the numerator back.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from binhdang.accounts import scope
from binhdang.indicators.catalogue import Indicator
from binhdang.indicators.engine import Result

SMALL_COUNT = scope.SMALL_COUNT
PRIMARY = "primary"
SECONDARY = "secondary"
SMALL_MARK = f"<{SMALL_COUNT}"  # a count of 1 to 4
HIDDEN_MARK = "×"  # a count hidden so that a small one cannot be worked out (of any size)

Key = Hashable


def sees_everything(user: Any) -> bool:
    """Roles that see people see every number."""
    return scope.has_right(user, "view_person")


def is_small(value: int | None) -> bool:
    return value is not None and 0 < value < SMALL_COUNT


def small_count(value: int, user: Any) -> int | str:
    """One count standing alone (no total or part shown beside it): "<5" instead of 1 to 4."""
    if sees_everything(user) or not is_small(value):
        return value
    return SMALL_MARK


@dataclass
class Table:
    """Counts a viewer is shown, and the additive relations between them (each relation: the sum of
    coefficient × cell is 0)."""

    values: dict[Key, int] = field(default_factory=dict)
    relations: list[dict[Key, int]] = field(default_factory=list)
    unshown: set[Key] = field(default_factory=set)  # in the relations, on no page (a unit's own staff)
    settled: dict[Key, str | None] = field(default_factory=dict)  # decided by another table: reason or None

    def cell(self, key: Key, value: int | None, *, shown: bool = True) -> Key:
        """Declare a count (None: no count there, it takes no part). A key declared twice keeps the
        first value: the same count shown twice is one cell."""
        if value is not None and key not in self.values:
            self.values[key] = int(value)
            if not shown:
                self.unshown.add(key)
        elif key in self.values and shown:
            self.unshown.discard(key)
        return key

    def total(self, total: Key, parts: Iterable[Key]) -> None:
        """`total` = the sum of `parts` (cells without a value, declared before or after, count as 0)."""
        terms: dict[Key, int] = {}
        for part in parts:
            terms[part] = terms.get(part, 0) + 1
        terms[total] = terms.get(total, 0) - 1
        self.equation(terms)

    def equation(self, terms: dict[Key, int]) -> None:
        """Σ coefficient × cell = 0."""
        self.relations.append({key: coefficient for key, coefficient in terms.items() if coefficient})

    def effective_relations(self) -> list[dict[Key, int]]:
        """The relations over the cells that have a value (at least two of them)."""
        found = []
        for relation in self.relations:
            kept = {key: coefficient for key, coefficient in relation.items() if key in self.values}
            if len(kept) >= 2:
                found.append(kept)
        return found

    def settle(self, key: Key, reason: str | None) -> None:
        """A cell another table of the page already decided (hidden for `reason`, or shown): this one
        neither shows it nor hides it as a complement."""
        if key in self.values:
            self.settled[key] = reason

    def suppress(self) -> Suppression:
        return Suppression(self.values, _suppress(self))


@dataclass
class Suppression:
    """Which cells of a table are hidden and why (PRIMARY or SECONDARY)."""

    values: dict[Key, int]
    hidden: dict[Key, str]

    def is_hidden(self, key: Key) -> bool:
        return key in self.hidden

    def all_shown(self, *keys: Key) -> bool:
        return not any(key in self.hidden for key in keys)

    def shown(self, key: Key, default: int | str | None = None) -> int | str | None:
        """The count as the viewer sees it: the number, "<5" or "×"."""
        if key not in self.values:
            return default
        reason = self.hidden.get(key)
        if reason is None:
            return self.values[key]
        return SMALL_MARK if reason == PRIMARY else HIDDEN_MARK


class Everything(Suppression):
    """What a role that sees people gets: nothing hidden."""

    def __init__(self, values: dict[Key, int] | None = None) -> None:
        super().__init__(values or {}, {})


def suppress_for(table: Table, user: Any) -> Suppression:
    return Everything(table.values) if sees_everything(user) else table.suppress()


# --- the algorithm -------------------------------------------------------------------------------


def _suppress(table: Table) -> dict[Key, str]:
    values, relations = table.values, table.effective_relations()
    order = {key: index for index, key in enumerate(values)}
    hidden: dict[Key, str] = {
        key: PRIMARY for key, value in values.items() if is_small(value) and key not in table.settled
    }
    hidden.update({key: reason for key, reason in table.settled.items() if reason is not None})
    # Cells on no page (a unit's own staff) are unknown to a viewer: they take part in the relations
    # as unknowns, and only a small one must not be worked out.
    unknown: dict[Key, None] = dict.fromkeys(
        key for key in values if key in hidden or (key in table.unshown and values[key] != 0)
    )
    touching: dict[Key, list[int]] = {}
    for index, relation in enumerate(relations):
        for key in relation:
            touching.setdefault(key, []).append(index)

    # Cells a viewer knows whatever this page hides: zeros (a hidden zero beside a hidden small count
    # is read back from the bounds) and what follows from them alone.
    fixed = {key for key, value in values.items() if value == 0}
    changed = True
    while changed:
        changed = False
        for relation in relations:
            free = [key for key in relation if key not in fixed]
            if len(free) == 1 and free[0] not in hidden:
                fixed.add(free[0])
                changed = True

    def hideable(key: Key) -> bool:
        return key not in unknown and key not in fixed and key not in table.settled

    def candidates(indexes: Iterable[int]) -> list[Key]:
        found = {key for index in indexes for key in relations[index] if hideable(key)}
        return sorted(found, key=lambda key: (values[key], order[key]))

    def hide(key: Key, queue: list[int]) -> None:
        hidden[key] = SECONDARY
        unknown[key] = None
        queue.extend(touching.get(key, ()))

    solved: dict[frozenset[Key], list[Key]] = {}  # components already solved, with what they determine
    rounds = 0
    while True:
        # The quick rule first: no relation with a hidden count as its only unknown.
        queue = sorted({index for key in hidden for index in touching.get(key, ())})
        while queue:
            index = queue.pop()
            alone = [key for key in relations[index] if key in unknown]
            if len(alone) == 1 and alone[0] in hidden:
                found = candidates([index])
                if found:
                    hide(found[0], queue)
        # Then the exact test: combinations of relations (a + b = s and a + b + c = t give c). One
        # more count for each cell found, in one round: each component is solved again only if it changed.
        determined = [key for key in _determined(unknown, hidden, relations, touching, solved, order) if key in hidden]
        if not determined:
            return hidden
        rounds += 1
        progress = False
        for cell in sorted(determined, key=order.__getitem__):
            around = _component(cell, unknown, relations, touching)
            found = candidates(touching.get(cell, ())) or candidates(around)
            # Past a number of rounds (many small counts tied together), hide the whole neighbourhood
            # at once: more than the fewest, but the page is not held up.
            for key in found[:1] if rounds <= MAX_ROUNDS else found:
                hide(key, [])
                progress = True
        if not progress:
            return hidden  # every cell around them is already hidden or zero: nothing more to hide


def _component(cell: Key, hidden: dict[Key, Any], relations: list[dict[Key, int]], touching: dict) -> set[int]:
    """The relations linked to `cell` through unknown cells."""
    seen_cells, seen, stack = {cell}, set(), [cell]
    while stack:
        for index in touching.get(stack.pop(), ()):
            if index in seen:
                continue
            seen.add(index)
            for key in relations[index]:
                if key in hidden and key not in seen_cells:
                    seen_cells.add(key)
                    stack.append(key)
    return seen


MAX_ROUNDS = 30
PRIME = 2**61 - 1  # elimination over the integers modulo a large prime: exact, and fast in Python


def _determined(
    unknown: dict[Key, Any],
    protected: dict[Key, Any],
    relations: list[dict[Key, int]],
    touching: dict,
    solved: dict[frozenset[Key], list[Key]],
    order: dict[Key, int],
) -> list[Key]:
    """Protected cells whose value follows from the relations and the shown cells: those whose unit
    vector lies in the row space of the relations restricted to the unknown cells.

    First the relations are peeled: one holding an unprotected unknown that no other remaining
    relation holds (a unit's own staff of 5 or more, in its unit = own + children) says nothing about
    the rest, as that unknown absorbs it; it is put aside, and so on. The core left is solved per
    connected component (reduced row echelon form: a row with a single entry; `solved` keeps the
    answers of components already seen)."""
    live = {index for key in unknown for index in touching.get(key, ())}
    count = {key: sum(1 for index in touching.get(key, ()) if index in live) for key in unknown}
    stack = [key for key, n in count.items() if n == 1 and key not in protected]
    while stack:
        key = stack.pop()
        if count[key] != 1:
            continue
        [index] = [index for index in touching[key] if index in live]
        live.discard(index)
        for other in relations[index]:
            if other in count:
                count[other] -= 1
                if count[other] == 1 and other not in protected:
                    stack.append(other)
    found: set[Key] = set()
    seen: set[Key] = set()
    core_touching = {key: [index for index in touching.get(key, ()) if index in live] for key in unknown}
    for cell in unknown:
        if cell in seen or not core_touching[cell]:
            continue
        component = _component(cell, unknown, relations, core_touching)
        cells = frozenset(key for index in component for key in relations[index] if key in unknown)
        seen |= cells
        if cells not in solved:  # a component changes only when one of its cells is hidden
            solved[cells] = _solve(sorted(component), unknown, relations, order)
        found.update(solved[cells])
    return [key for key in unknown if key in found and key in protected]


def _solve(
    indexes: list[int], unknown: dict[Key, Any], relations: list[dict[Key, int]], order: dict[Key, int]
) -> list[Key]:
    rows: list[dict[Key, int]] = []
    for index in indexes:
        row = {key: c % PRIME for key, c in relations[index].items() if key in unknown}
        if row:
            rows.append(row)
    # Forward elimination (echelon form), pivots on the last declared column (the deepest unit first
    # in a tree keeps the rows short), then back substitution.
    pivots: dict[Key, dict[Key, int]] = {}
    for row in rows:
        # Eliminating a pivot only brings in columns declared before it: take them from the last on.
        while held := [key for key in row if key in pivots]:
            pivot = max(held, key=order.__getitem__)
            _axpy(row, pivots[pivot], PRIME - row[pivot])
        if not row:
            continue
        pivot = max(row, key=order.__getitem__)
        inverse = pow(row[pivot], PRIME - 2, PRIME)
        pivots[pivot] = {key: c * inverse % PRIME for key, c in row.items()}
    # Back substitution: reduce each pivot row by the pivots it still holds (all of them earlier
    # in the order, so rows are done from the first pivot on).
    done: dict[Key, dict[Key, int]] = {}
    for pivot in sorted(pivots, key=order.__getitem__):
        row = dict(pivots[pivot])
        for other in sorted((key for key in row if key != pivot and key in done), key=order.__getitem__):
            factor = row.get(other)
            if factor:
                _axpy(row, done[other], PRIME - factor)
        done[pivot] = row
    return [pivot for pivot, row in done.items() if len(row) == 1]


def _axpy(row: dict[Key, int], other: dict[Key, int], factor: int) -> None:
    """row += factor × other, modulo PRIME, dropping zeros."""
    for key, c in other.items():
        value = (row.get(key, 0) + factor * c) % PRIME
        if value:
            row[key] = value
        else:
            row.pop(key, None)


# --- indicators ----------------------------------------------------------------------------------


def hides_small(result: Result, indicator: Indicator, user: Any) -> bool:
    """Whether the value must be hidden from `user` on its own: a share of fewer than 5 people (or
    with fewer than 5 in its numerator), or a count of fewer than 5 people; roles that see people see
    it all. Where other counts are shown beside it, they go into one `Table` instead (evaluation_table)."""
    if sees_everything(user):
        return False
    if indicator.is_share:
        return is_small(result.denominator) or is_small(result.numerator)
    return indicator.counts_people and is_small(result.numerator)


def protects(indicator: Indicator) -> bool:
    """Whether an indicator's counts are hidden when small: every share (its people, units or posts
    may be few enough to name someone) and the counts of people; not counts of events."""
    return indicator.is_share or indicator.counts_people


def measure_key(measure: str, unit_id: int) -> Key:
    """A measure of a unit is one cell, however many indicators show it (women staff: the numerator
    of one, the denominator of others)."""
    return ("m", measure, unit_id)


def indicator_keys(indicator: Indicator, unit_id: int) -> tuple[Key | None, Key | None]:
    """The cells an indicator's value rests on (None for a part it has not, or when not protected)."""
    if not protects(indicator):
        return (None, None)
    denominator = measure_key(indicator.denominator, unit_id) if indicator.denominator else None
    return (measure_key(indicator.numerator, unit_id), denominator)


def add_share(table: Table, numerator: str, denominator: str | None, unit_id: int, evaluation: Any) -> None:
    """A numerator and its denominator, and the rest of the denominator (the men beside the women:
    shown nowhere, but the difference of the two shown counts is a count of people too)."""
    n_key = table.cell(measure_key(numerator, unit_id), evaluation.measure(numerator, unit_id))
    if denominator is None:
        return
    d_key = table.cell(measure_key(denominator, unit_id), evaluation.measure(denominator, unit_id))
    rest = table.cell(("rest", numerator, denominator, unit_id), table.values[d_key] - table.values[n_key])
    table.total(d_key, [n_key, rest])


def add_unknown(table: Table, indicator: Indicator, unit_id: int, evaluation: Any) -> None:
    """The people left out of a share as unknown, shown beside it: a count of people like any other,
    with whole = known + unknown (all the staff, shown on the staff tile, is the known plus the unknown)."""
    if not (indicator.unknown and indicator.denominator and indicator.whole):
        return
    unknown = table.cell(measure_key(indicator.unknown, unit_id), evaluation.measure(indicator.unknown, unit_id))
    whole = table.cell(measure_key(indicator.whole, unit_id), evaluation.measure(indicator.whole, unit_id))
    table.total(whole, [measure_key(indicator.denominator, unit_id), unknown])


def unknown_key(indicator: Indicator, unit_id: int) -> Key | None:
    """The cell of the unknowns shown beside a share (None when the share has none)."""
    return measure_key(indicator.unknown, unit_id) if indicator.unknown and protects(indicator) else None


def _add_if_exact(table: Table, total: Key, parts: list[Key]) -> None:
    """A relation the counts satisfy (one a viewer can use); counts that overlap are not one."""
    if total in table.values and sum(table.values.get(part, 0) for part in parts) == table.values[total]:
        table.total(total, parts)


PIPELINE_SHARES = (("staff_f", "staff"), ("pool_f", "pool"), ("pool_f_trained", "pool_f"), ("leaders_f", "leaders"))


def evaluation_table(
    evaluation: Any,
    unit_id: int,
    *,
    indicators: Iterable[Indicator] = (),
    pipeline: bool = False,
    pyramid: bool = False,
) -> Table:
    """The counts a dashboard shows of one unit (its indicators, the pipeline, the age–sex pyramid),
    with the relations between them: a share's parts, leaders = the sum over levels, the pyramid's
    columns = women and men staff. The children's counts: ranking_table."""
    from binhdang.indicators.catalogue import AGE_BANDS, LEVELS

    table = Table()
    for indicator in indicators:
        if protects(indicator):
            add_share(table, indicator.numerator, indicator.denominator, unit_id, evaluation)
            add_unknown(table, indicator, unit_id, evaluation)
    if pipeline:
        for numerator, denominator in PIPELINE_SHARES:
            add_share(table, numerator, denominator, unit_id, evaluation)
        for prefix in ("pool", "leaders"):
            for level in LEVELS:
                add_share(table, f"{prefix}_f__{level}", f"{prefix}__{level}", unit_id, evaluation)
        for measure in ("leaders", "leaders_f"):
            _add_if_exact(
                table, measure_key(measure, unit_id), [measure_key(f"{measure}__{level}", unit_id) for level in LEVELS]
            )
    if pyramid:
        counts = evaluation.age_sex(unit_id)
        for band in AGE_BANDS:
            for sex in ("F", "M"):
                table.cell(("age", band, sex, unit_id), counts.get((band, sex), 0))
        add_share(table, "staff_f", "staff", unit_id, evaluation)
        for sex, total in (("F", measure_key("staff_f", unit_id)), ("M", ("rest", "staff_f", "staff", unit_id))):
            _add_if_exact(table, total, [("age", band, sex, unit_id) for band in AGE_BANDS])
    return table


def ranking_table(evaluation: Any, unit_id: int, indicator: Indicator, unit_hidden: Suppression) -> Table:
    """The counts of one indicator of a unit's children (the ranking) and the unit's own, with the unit =
    its own (shown nowhere) + its children. The unit's counts are as its dashboard decided them
    (`unit_hidden`), so which tiles are hidden does not depend on the indicator ranked."""
    table = Table()
    if not protects(indicator):
        return table
    children = evaluation.children(unit_id)
    add_share(table, indicator.numerator, indicator.denominator, unit_id, evaluation)
    for key in list(table.values):
        table.settle(key, unit_hidden.hidden.get(key))
    for child in children:
        add_share(table, indicator.numerator, indicator.denominator, child, evaluation)
    for measure in [indicator.numerator, *([indicator.denominator] if indicator.denominator else [])]:
        key = measure_key(measure, unit_id)
        own = table.cell(
            ("own", measure, unit_id),
            table.values[key] - sum(evaluation.measure(measure, child) for child in children),
            shown=False,
        )
        table.total(key, [own, *[measure_key(measure, child) for child in children]])
    if indicator.denominator:  # the unit's own men (beside its own women) are a count too
        rest = ("rest", indicator.numerator, indicator.denominator)
        own_rest = table.cell(
            ("own", *rest, unit_id),
            table.values[(*rest, unit_id)] - sum(table.values[(*rest, child)] for child in children),
            shown=False,
        )
        table.total((*rest, unit_id), [own_rest, *[(*rest, child) for child in children]])
    return table


def combined(*suppressions: Suppression) -> Suppression:
    """The tables of one page as one answer (a cell in two: the first that has it decides)."""
    values: dict[Key, int] = {}
    hidden: dict[Key, str] = {}
    for suppression in suppressions:
        for key, value in suppression.values.items():
            if key not in values:
                values[key] = value
                if key in suppression.hidden:
                    hidden[key] = suppression.hidden[key]
    if all(isinstance(suppression, Everything) for suppression in suppressions):
        return Everything(values)
    return Suppression(values, hidden)


def mark_for(suppression: Suppression, keys: Iterable[Key | None]) -> str | None:
    """None when every count a share, status or gap rests on is shown; else the mark it shows:
    "<5" when one of them is a small count, "×" when they are hidden as complements."""
    reasons = [suppression.hidden.get(key) for key in keys if key is not None]
    if not any(reasons):
        return None
    return SMALL_MARK if PRIMARY in reasons else HIDDEN_MARK


def unit_suppression(evaluation: Any, unit_id: int, user: Any) -> Suppression:
    """What a unit's dashboard hides from `user` of the unit's own counts (tiles, pipeline, pyramid):
    the one answer every page that shows a value of the unit follows (the API, a plan's targets, the
    trend), so no two pages hide different cells of the same counts."""
    from binhdang.indicators.catalogue import CATALOGUE

    if sees_everything(user):
        return Everything()
    return evaluation_table(evaluation, unit_id, indicators=CATALOGUE, pipeline=True, pyramid=True).suppress()


PEOPLE_COLUMNS = ("female", "male", "participants", "minority")


def people_rows(rows: list[dict[str, int | None]], user: Any, *, with_total: bool = False) -> list[dict[str, Any]]:
    """Rows of people by sex (an activity's participants; activities by kind) as `user` may see them:
    each row's women + men = its participants (shown or not: the difference is a count too) and,
    `with_total`, the last row the sum of the others, column by column. Ethnic minority is a part of
    the participants, not a sum, so only hidden when small."""
    # An activity gives women and men; its participants are their sum (a summary row may give them itself).
    rows = [
        {**row, "participants": row["female"] + row["male"]}
        if row.get("participants") is None and row.get("female") is not None and row.get("male") is not None
        else row
        for row in rows
    ]
    if sees_everything(user):
        return [{key: row.get(key) for key in PEOPLE_COLUMNS} for row in rows]
    table = Table()
    for index, row in enumerate(rows):
        female, male = row.get("female"), row.get("male")
        table.cell((index, "female"), female)
        table.cell((index, "male"), male)
        if female is not None and male is not None:
            table.cell((index, "participants"), female + male)
            table.total((index, "participants"), [(index, "female"), (index, "male")])
        table.cell((index, "minority"), row.get("minority"))
    if with_total and len(rows) > 1:
        last = len(rows) - 1
        for key in PEOPLE_COLUMNS:
            table.total((last, key), [(index, key) for index in range(last)])
    hidden = table.suppress()
    return [{key: hidden.shown((index, key), row.get(key)) for key in PEOPLE_COLUMNS} for index, row in enumerate(rows)]


def hide_rows(rows: list[dict[str, Any]], suppression: Suppression, unit_id: int) -> None:
    """Indicator rows (the API's, the command's) as a viewer may see them: a hidden count is None, and
    a value, status or gap that rests on one is None too."""
    from binhdang.indicators.catalogue import BY_CODE

    for row in rows:
        numerator, denominator = indicator_keys(BY_CODE[row["code"]], unit_id)
        for name, key in (("numerator", numerator), ("denominator", denominator)):
            if key is not None and suppression.is_hidden(key):
                row[name] = None
        if mark_for(suppression, (numerator, denominator)) is not None:
            row["value"] = row["gap_people"] = row["status"] = None
        unknown = unknown_key(BY_CODE[row["code"]], unit_id)
        if row.get("unknown") is not None and unknown is not None and suppression.is_hidden(unknown):
            row["unknown"] = None


__all__ = [
    "HIDDEN_MARK",
    "SMALL_COUNT",
    "SMALL_MARK",
    "Everything",
    "Suppression",
    "Table",
    "combined",
    "evaluation_table",
    "hide_rows",
    "hides_small",
    "indicator_keys",
    "is_small",
    "mark_for",
    "people_rows",
    "measure_key",
    "protects",
    "ranking_table",
    "sees_everything",
    "small_count",
    "suppress_for",
    "unit_suppression",
    "unknown_key",
]
