"""The reader's tests check the English msgids of its messages, whatever language an earlier test
left active in this thread (a request through the locale middleware activates Vietnamese)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield
