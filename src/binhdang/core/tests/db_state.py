"""A snapshot of every row the bad-input tests could touch, to prove a refused request wrote nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import connection

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


def _queries() -> list[tuple[str, str]]:
    queries: list[tuple[str, str]] = []
    quote = connection.ops.quote_name
    for label in LABELS:
        model = apps.get_model(label)
        columns = [f.column for f in model._meta.concrete_fields if f.attname != "last_login"]
        table = quote(model._meta.db_table)
        queries.append((label, f"SELECT {', '.join(quote(c) for c in columns)} FROM {table} ORDER BY 1"))
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through._meta
            queries.append((f"{label}.{m2m.name}", f"SELECT * FROM {quote(through.db_table)} ORDER BY 1"))
    return queries


def db_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table above (raw SQL: it runs twice per case); compare two snapshots with ==."""
    with connection.cursor() as cursor:
        state = {}
        for label, sql in _queries():
            cursor.execute(sql)
            state[label] = [tuple(row) for row in cursor.fetchall()]
    return state


def assert_unchanged(before: dict[str, list[tuple[Any, ...]]]) -> None:
    after = db_state()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert not changed, f"rows written by a refused request: {changed}"


def refused_form(client: Any, url: str, data: dict[str, Any], field: str) -> Any:
    """POST a form that must come back re-rendered (200) with an error on `field`, writing nothing."""
    before = db_state()
    response = client.post(url, data)
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    errors = response.context["form"].errors
    assert field in errors, f"expected an error on {field!r}, got {errors.as_data()}"
    assert all(str(message).strip() for message in errors[field])
    assert_unchanged(before)
    return response


def assert_escaped(response: Any, raw: str) -> None:
    page = response.content.decode()
    escaped = raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert raw not in page
    assert escaped in page or escaped.replace('"', "&quot;") in page


def case_id(case: Any) -> str:
    text = repr(case)
    return text if len(text) < 70 else text[:67] + "..."


def check_each(cases: list[Any], check: Callable[..., None]) -> None:
    """Run `check(*case)` for every case (one fixture set-up for many cases); report every failing case."""
    failures = []
    for case in cases:
        try:
            check(*case)
        except Exception as error:  # a 500 surfaces here as the view's exception
            failures.append(f"{case_id(case)}: {type(error).__name__}: {str(error)[:300]}")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)
