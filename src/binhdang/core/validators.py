"""Validators shared by the forms and API serializers of every app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_no_markup(value: str) -> None:
    """Refuse “<” and “>” in a name (of a unit, of a user): no real name has them, and markup typed into one is
    either a mistake or an attempt at script injection. Pages escape names anyway; this keeps them clean."""
    if value and ("<" in value or ">" in value):
        raise ValidationError(
            _("“%(value)s” is not a valid name: it cannot contain “<” or “>”."),
            params={"value": value},
            code="markup",
        )
