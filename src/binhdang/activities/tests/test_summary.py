"""summarise(): activities by kind with participants by sex and cost, for a subtree or a region, in a period."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.utils.translation import override

from binhdang.activities.summary import KindSummary, summarise, summarise_region
from binhdang.activities.tests.helpers import make_activity
from binhdang.orgs.models import subtree_q

H1 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def test_summary_counts_a_units_subtree_by_kind_in_the_period(tree):
    # given activities of Sở Nội vụ and its divisions, of Sở Y tế, and of Sở Nội vụ outside the period
    make_activity(tree.snv, kind="seminar", start_date=datetime.date(2026, 1, 1), participants_female=10,
                  participants_male=5, participants_minority=2, cost=1_000_000)  # fmt: skip
    make_activity(tree.snv_office, kind="seminar", start_date=datetime.date(2026, 6, 30), participants_female=20,
                  participants_male=8, participants_minority=3, cost=2_500_000)  # fmt: skip
    make_activity(tree.snv_civil, kind="commemoration", start_date=datetime.date(2026, 3, 7), participants_female=40,
                  participants_male=0, participants_minority=6)  # fmt: skip
    make_activity(tree.snv, kind="seminar", start_date=datetime.date(2026, 7, 1))
    make_activity(tree.snv, kind="seminar", start_date=datetime.date(2025, 12, 31))
    make_activity(tree.syt, kind="seminar", start_date=datetime.date(2026, 2, 1))
    # when it is summarised for the first half of 2026
    with override("vi"):
        rows = summarise(tree.snv, *H1)
    # then each kind has its numbers, in the order of the kinds
    assert [(r.kind, r.count, r.female, r.male, r.minority, r.cost) for r in rows] == [
        ("seminar", 2, 30, 13, 5, Decimal(3_500_000)),
        ("commemoration", 1, 40, 0, 6, Decimal(0)),
    ]
    assert isinstance(rows[0], KindSummary) and rows[0].participants == 43


def test_summary_over_a_region_filter_excludes_the_subtrees_left_out(tree):
    make_activity(tree.snv, kind="rally", start_date=datetime.date(2026, 2, 1))
    make_activity(tree.snv_office, kind="rally", start_date=datetime.date(2026, 2, 1))
    region = subtree_q(tree.snv.path, "unit__") & ~subtree_q(tree.snv_office.path, "unit__")
    [row] = summarise(region, *H1)
    assert (row.kind, row.count) == ("rally", 1)


def test_summary_for_the_reports_is_plain_json_with_labels(tree):
    make_activity(tree.snv, kind="rally", start_date=datetime.date(2026, 2, 1), cost=Decimal(750_000))
    with override("en"):
        rows = summarise_region(subtree_q(tree.province.path, "unit__"), *H1)
    assert rows == [
        {"kind": "rally", "label": "rally", "count": 1, "female": 30, "male": 12, "minority": 5, "cost": 750000}
    ]
    json.dumps(rows)


def test_an_empty_period_gives_no_rows(tree):
    make_activity(tree.snv, start_date=datetime.date(2024, 2, 1))
    assert summarise(tree.province, *H1) == []
