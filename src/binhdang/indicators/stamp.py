"""One stamp of the data the indicator engine reads, renewed by every write to it.

Cached evaluations are keyed by this stamp, so a change is seen on the next page load. The stamp is
renewed from one place that every write path goes through: a wrapper on the database connection
sees each INSERT, UPDATE, DELETE, TRUNCATE or COPY on a table of the org tree, the registry or the
indicators. So model saves and deletes, queryset `update()` and `delete()`, `bulk_create`,
treebeard's moves, the staff import, restructuring and raw SQL through Django's cursor all renew it
without having to remember to. Code that writes past Django's cursor (another program, psql) must
call `renew()` or clear the cache.

Inside a transaction the stamp is renewed when it commits (renewing earlier would let another
process cache the old data under the new stamp); until then, the writing connection's own reads
bypass the cache, as they see data no one else does. The stamp is a fresh random value, never a
counter: two processes renewing at once cannot land on a value a reader already used.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

STAMP_KEY = "indicators-stamp"
# The apps whose tables feed the engine (tree, registry facts, entered values, targets).
WATCHED_APPS = ("orgs", "registry", "indicators")
# Written by every import, read by no indicator: its status changes need not renew anything.
IGNORED_TABLES = frozenset({"registry_importjob"})
_WRITE = re.compile(
    r"""^\s*(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|copy)\s+(?:only\s+)?["`]?([\w.]+)""",
    re.IGNORECASE,
)
_tables: frozenset[str] | None = None


def watched_tables() -> frozenset[str]:
    global _tables
    if _tables is None:
        names = {
            model._meta.db_table
            for label in WATCHED_APPS
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        }
        _tables = frozenset(names - IGNORED_TABLES)
    return _tables


def renew() -> None:
    """Give the data a new stamp: every cached evaluation is out of date from now on."""
    try:
        cache.set(STAMP_KEY, uuid.uuid4().hex, None)
    except Exception:  # a cache that is down holds nothing to serve stale either
        logger.exception("could not renew the indicators stamp")


def _pending(connection: BaseDatabaseWrapper) -> bool:
    return any(callback is renew for _ids, callback, _robust in connection.run_on_commit)


def changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """The watched data changed through `using`: renew now, or when its transaction commits."""
    connection = connections[using]
    if connection.in_atomic_block:
        if not _pending(connection):  # once per transaction, however many rows it writes
            transaction.on_commit(renew, using=using)
    else:
        renew()


def current(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The stamp to key cached figures by; None when they must be computed live (this connection has
    written data it has not committed yet, or the cache cannot be reached)."""
    connection = connections[using]
    if connection.in_atomic_block and _pending(connection):
        return None
    try:
        stamp = cache.get(STAMP_KEY)
        if stamp is None:
            cache.add(STAMP_KEY, uuid.uuid4().hex, None)
            stamp = cache.get(STAMP_KEY)
    except Exception:
        logger.exception("could not read the indicators stamp")
        return None
    return stamp


def writes_watched_table(sql: str) -> bool:
    # SELECT, SAVEPOINT and RELEASE, nearly every statement, are skipped by their first letter.
    start = sql.lstrip()[:1].upper()
    if start not in ("I", "U", "D", "T", "C"):
        return False
    match = _WRITE.match(sql)
    return bool(match) and match.group(1).split(".")[-1].lower() in watched_tables()


class _WriteWatcher:
    """An execute wrapper (Django's `connection.execute_wrapper`) that renews after watched writes."""

    def __call__(self, execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict) -> Any:
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and writes_watched_table(sql):
            changed(context["connection"].alias)
        return result


WATCHER = _WriteWatcher()


def watch(connection: BaseDatabaseWrapper) -> None:
    if WATCHER not in connection.execute_wrappers:
        # First, so that a caller's own `execute_wrapper()` block still pops its own wrapper.
        connection.execute_wrappers.insert(0, WATCHER)


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    watch(connection)


__all__ = ["STAMP_KEY", "changed", "current", "renew", "watch", "watched_tables", "writes_watched_table"]
