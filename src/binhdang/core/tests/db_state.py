"""A snapshot of every row the bad-input tests could touch, to prove a refused request wrote nothing."""

from __future__ import annotations

from typing import Any

from django.apps import apps

# Every table a form or endpoint of the project writes to (sessions excluded: logging in is not a write).
LABELS = (
    "orgs.OrgUnit",
    "orgs.UnitVersion",
    "orgs.RestructuringEvent",
    "accounts.User",
    "registry.Person",
    "registry.Employment",
    "registry.Post",
    "registry.PoolEntry",
    "registry.TrainingRecord",
    "registry.ForeignLanguage",
    "core.AuditEntry",
)


def db_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table above, in key order; compare two snapshots with ==."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    for label in LABELS:
        model = apps.get_model(label)
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        state[label] = list(model._default_manager.order_by("pk").values_list(*fields))
    m2m = apps.get_model("orgs.RestructuringEvent")
    state["event_units"] = sorted(
        [("s", *row) for row in m2m.sources.through.objects.values_list("restructuringevent_id", "orgunit_id")]
        + [("t", *row) for row in m2m.targets.through.objects.values_list("restructuringevent_id", "orgunit_id")]
    )
    return state


def assert_unchanged(before: dict[str, list[tuple[Any, ...]]]) -> None:
    after = db_state()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert not changed, f"rows written by a refused request: {changed}"
