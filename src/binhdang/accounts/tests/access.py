"""The user's own sign-in and security pages in the access matrix (see `access_modules()` in the root conftest).

The code and enrolment steps of signing in are public (they act only on the sign-in that passed the
password step in the same session); the security pages act on the signed-in user only, so none takes an id."""

from __future__ import annotations

from typing import Any

MATRIX: dict[str, tuple[str, str]] = {
    "accounts:login_code": ("public", "page"),
    "accounts:login_enrol": ("public", "page"),
    "accounts:security": ("any", "page"),
    "accounts:password_change": ("any", "page"),
    "accounts:two_factor_enrol": ("any", "page"),
    "accounts:two_factor_disable": ("any", "post-only"),
    "accounts:backup_codes": ("any", "post-only"),
    "accounts:api_token": ("any", "post-only"),
}
PK_KIND: dict[str, str] = {}


def records(tree: Any, people: Any) -> dict[str, int]:
    return {}
