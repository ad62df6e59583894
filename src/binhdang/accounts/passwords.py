"""Django's password validators with the project's own messages (Vietnamese in our catalogue), and a
similarity check that also sees "HoangThiThu" in "Hoàng Thị Thư": both sides are compared without
diacritics, as people type them on keyboards without a Vietnamese layout."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binhdang.core.vietnamese import fold


class _Folded:
    """The user's attributes without diacritics, for the similarity check."""

    def __init__(self, user: Any, attributes: tuple[str, ...]) -> None:
        self._meta = user._meta
        for name in attributes:
            value = getattr(user, name, None)
            setattr(self, name, fold(value) if isinstance(value, str) else value)


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def validate(self, password: str, user: Any = None) -> None:
        super().validate(password, user)
        if user is not None:
            super().validate(fold(password), _Folded(user, tuple(self.user_attributes)))

    def get_error_message(self) -> str:
        return _("The password is too similar to the %(verbose_name)s: choose one that says nothing about you.")

    def get_help_text(self) -> str:
        return _("Not like your username, full name or e-mail.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "The password is too short: it needs at least %(min_length)d character.",
            "The password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        )

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min_length)d character; a few words are easy to remember.",
            "At least %(min_length)d characters; a few words are easy to remember.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is among the most common ones: choose another.")

    def get_help_text(self) -> str:
        return _("Not a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("The password cannot be digits only.")

    def get_help_text(self) -> str:
        return _("Not digits only.")
