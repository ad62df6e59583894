"""Make the database unreachable for a while, as a stopped PostgreSQL does (tests only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection


@contextmanager
def database_down() -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    connection.cursor = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        del connection.cursor  # back to the class's method
