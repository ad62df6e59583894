"""The five seed plans read into exactly what seed_expectations.py (written by hand) says."""

from __future__ import annotations

import pytest

from binhdang.plans.ingest import parse_plan, read_plan
from binhdang.plans.tests.seed_expectations import EXPECTED, SEEDS_DIR, mismatches


def _seed_text(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_is_read_as_written_by_hand(name):
    draft = read_plan((SEEDS_DIR / name).read_bytes(), name)

    assert mismatches(EXPECTED[name], draft) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_draft_has_every_key_of_the_conventions(name):
    draft = parse_plan(_seed_text(name))

    assert set(draft) == {
        "number", "number_as_printed", "date", "place", "issuer", "title", "legal_bases", "period", "targets",
        "report_deadlines", "tasks", "recipients", "signer", "general_objective", "objectives", "classes", "missing",
        "outline", "budget_lines",
    }  # fmt: skip
