"""Complementary suppression: no count a viewer is not shown can be worked out from those shown."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from binhdang.indicators.privacy import HIDDEN_MARK, SMALL_MARK, Table


def _solvable(table: Table, hidden: set[Any]) -> set[Any]:
    """Reference: hidden cells fixed by the relations, by Gauss–Jordan on the dense matrix (the cells
    no page shows are unknowns too)."""
    keys = sorted(hidden | {k for k in table.unshown if table.values[k]}, key=str)
    rows = [[Fraction(r.get(k, 0)) for k in keys] for r in table.effective_relations() if any(k in r for k in keys)]
    pivots: list[int] = []
    rank = 0
    for col in range(len(keys)):
        pick = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pick is None:
            continue
        rows[rank], rows[pick] = rows[pick], rows[rank]
        lead = rows[rank][col]
        rows[rank] = [x / lead for x in rows[rank]]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[rank], strict=True)]
        pivots.append(col)
        rank += 1
    solved = {keys[col] for i, col in enumerate(pivots) if sum(1 for x in rows[i] if x != 0) == 1}
    return solved & hidden


def _sex_table(women: int, men: int) -> Table:
    table = Table()
    table.cell("F", women)
    table.cell("M", men)
    table.cell("T", women + men)
    table.total("T", ["F", "M"])
    return table


def test_the_total_beside_a_small_count_is_hidden_not_left_to_give_it_away():
    # given 3 women and 5 men (8 in all)
    shown = _sex_table(3, 5).suppress()
    # then "<5 / 5 / 8" would give 3 back: the smallest other count (the men) is hidden too
    assert [shown.shown(k) for k in ("F", "M", "T")] == [SMALL_MARK, HIDDEN_MARK, 8]


def test_nothing_is_hidden_when_no_count_is_small():
    shown = _sex_table(6, 5).suppress()
    assert [shown.shown(k) for k in ("F", "M", "T")] == [6, 5, 11]


def test_a_zero_is_shown_and_never_hidden_as_the_complement():
    # 0 women, 3 men: the total is 3 too, so both small counts are hidden and the zero stays
    shown = _sex_table(0, 3).suppress()
    assert [shown.shown(k) for k in ("F", "M", "T")] == [0, SMALL_MARK, SMALL_MARK]


def test_a_cell_given_by_two_relations_together_is_hidden_too():
    # given a + b = s and a + b + c + d = t with a, b, c small: each relation has two or three hidden
    # cells, but c = t - d - s
    table = Table()
    for key, value in (("a", 2), ("b", 3), ("c", 4), ("d", 10), ("s", 5), ("t", 19)):
        table.cell(key, value)
    table.total("s", ["a", "b"])
    table.total("t", ["a", "b", "c", "d"])
    table.total("u", ["t", "x"])  # cells without a value: no relation
    shown = table.suppress()
    # then d (the smallest other count of the relation with c) is hidden too
    assert shown.hidden == {"a": "primary", "b": "primary", "c": "primary", "d": "secondary"}
    assert not _solvable(table, set(shown.hidden))


def test_a_unit_s_own_staff_on_no_page_is_protected_when_small():
    # given a parent of 20 = own 3 + children 8 and 9 (the page shows the parent and the children)
    table = Table()
    table.cell("own", 3, shown=False)
    table.cell("c1", 8)
    table.cell("c2", 9)
    table.cell("parent", 20)
    table.total("parent", ["own", "c1", "c2"])
    shown = table.suppress()
    # then one shown count is hidden (the smallest child), so the own 3 is not 20 - 8 - 9
    assert shown.hidden == {"own": "primary", "c1": "secondary"}


def test_the_same_table_hides_the_same_cells():
    tables = [_sex_table(2, 7) for _ in range(3)]
    assert len({tuple(sorted(t.suppress().hidden.items())) for t in tables}) == 1


@st.composite
def trees(draw: Any) -> Table:
    """A random org tree: per unit own women and men; tree rows of women / men / total; every
    parent's totals = its own + its children's; some own counts not shown on the page."""
    n = draw(st.integers(min_value=1, max_value=12))
    parents = [None] + [draw(st.integers(min_value=0, max_value=i - 1)) for i in range(1, n)]
    own = [(draw(st.integers(0, 12)), draw(st.integers(0, 12))) for _ in range(n)]
    show_own = draw(st.booleans())
    totals = [list(o) for o in own]
    for i in reversed(range(1, n)):
        totals[parents[i]][0] += totals[i][0]
        totals[parents[i]][1] += totals[i][1]
    table = Table()
    for i in range(n):
        f, m = totals[i]
        table.cell(("F", i), f)
        table.cell(("M", i), m)
        table.cell(("T", i), f + m)
        table.total(("T", i), [("F", i), ("M", i)])
        table.cell(("oF", i), own[i][0], shown=show_own)
        table.cell(("oM", i), own[i][1], shown=show_own)
    for sex in "FM":
        for i in range(n):
            children = [j for j in range(n) if parents[j] == i]
            if children:
                table.total((sex, i), [(f"o{sex}", i), *[(sex, j) for j in children]])
            else:
                table.equation({(sex, i): 1, (f"o{sex}", i): -1})
    return table


@st.composite
def grids(draw: Any) -> Table:
    """A table of rows × columns with row totals, column totals and a grand total (the activities
    by kind: women, men, people of minorities ...)."""
    rows = draw(st.integers(1, 5))
    cols = draw(st.integers(1, 4))
    table = Table()
    values = [[draw(st.integers(0, 15)) for _ in range(cols)] for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            table.cell((r, c), values[r][c])
        table.cell((r, "all"), sum(values[r]))
        table.total((r, "all"), [(r, c) for c in range(cols)])
    for c in range(cols):
        table.cell(("all", c), sum(values[r][c] for r in range(rows)))
        table.total(("all", c), [(r, c) for r in range(rows)])
    table.cell(("all", "all"), sum(map(sum, values)))
    table.total(("all", "all"), [("all", c) for c in range(cols)])
    table.total(("all", "all"), [(r, "all") for r in range(rows)])
    return table


def _check(table: Table) -> None:
    shown = table.suppress()
    hidden = set(shown.hidden)
    # every count of 1 to 4 is hidden, no zero is hidden
    assert all(key in hidden for key, value in table.values.items() if 0 < value < 5)
    assert all(table.values[key] != 0 for key in hidden)
    # no relation has a hidden count as its only unknown, and no hidden cell can be solved for
    unknown = hidden | {key for key in table.unshown if table.values[key]}
    for relation in table.effective_relations():
        alone = [key for key in relation if key in unknown]
        assert not (len(alone) == 1 and alone[0] in hidden), relation
    assert not _solvable(table, hidden)


@settings(max_examples=150, deadline=None)
@given(trees())
def test_no_hidden_count_of_a_random_tree_can_be_worked_out(table: Table):
    _check(table)


@settings(max_examples=150, deadline=None)
@given(grids())
def test_no_hidden_count_of_a_random_table_with_totals_can_be_worked_out(table: Table):
    _check(table)
