"""The registry's rows of the access matrix for data-subject requests (see `access_modules()` in the root
conftest.py; the registry's other rows are in accounts/tests/test_access_matrix.py).

Only HR officers and administrators over the person handle a request: "view_audit" is held by exactly
those roles (the views also require change_person and view_sensitive, which they all hold)."""

from __future__ import annotations

from typing import Any

from binhdang.registry.subject_views import EraseForm

MATRIX: dict[str, tuple[str, str]] = {
    "registry:subject_detail": ("view_audit", "object"),
    "registry:subject_export": ("view_audit", "object"),
    "registry:subject_erase": ("view_audit", "object"),
}
PK_KIND: dict[str, str] = {
    "registry:subject_detail": "subject",
    "registry:subject_export": "subject",
    "registry:subject_erase": "subject",
}
FORMS = [EraseForm]


def records(tree: Any, people: Any) -> dict[str, int]:
    """Hà of Văn phòng Sở, whose record the other URLs of the matrix use too."""
    return {"subject": people.ha.pk}


def extra_urls(records: dict[str, int]) -> dict[str, list[str]]:
    from django.urls import reverse

    pk = records["subject"]
    return {"registry:subject_export": [reverse("registry:subject_export", args=[pk]) + f"?format={kind}"
                                        for kind in ("json", "xlsx")]}  # fmt: skip
