"""A user's calendar settings (reminders, the iCalendar feed) and the reminders the platform gave them."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_DAYS_AHEAD = 60


def default_days_ahead() -> int:
    return settings.REMINDER_DAYS_AHEAD


class OwnQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """A user's settings and reminders are their own: nobody else reads or changes them."""
        return self.filter(user=user) if getattr(user, "is_authenticated", False) else self.none()


class CalendarSettings(models.Model):
    """How far ahead a user is reminded, whether by e-mail too, and the secret of their calendar feed.

    The e-mail address is the user's own (`User.email`), not kept twice. Only a hash of the feed token is
    stored: the link is shown once, when it is made, and a new link replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_settings"
    )
    days_ahead = models.PositiveSmallIntegerField(
        _("days ahead"),
        default=default_days_ahead,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DAYS_AHEAD)],
    )
    email_enabled = models.BooleanField(_("remind me by e-mail"), default=True)
    feed_token_hash = models.CharField(_("feed token (SHA-256)"), max_length=64, blank=True, editable=False)
    feed_rotated_at = models.DateTimeField(_("feed link made at"), null=True, blank=True, editable=False)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar settings")
        verbose_name_plural = _("calendar settings")
        constraints = [
            models.UniqueConstraint(
                fields=["feed_token_hash"], condition=~Q(feed_token_hash=""), name="agenda_feed_token_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user: Any) -> CalendarSettings:
        """The user's settings, or unsaved defaults: reading them writes nothing."""
        found = cls.objects.filter(user=user).first()
        return found if found is not None else cls(user=user)


class Reminder(models.Model):
    """One reminder of one event (an occurrence of a task, a report deadline, an activity, a class) for one
    user; the event's stable key makes a second reminder of the same thing impossible."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="reminders"
    )
    key = models.CharField(_("event key"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16)
    title = models.CharField(_("heading"), max_length=300)
    due_date = models.DateField(_("due date"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="agenda_reminder_once_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="agenda_reminder_unread")]

    def __str__(self) -> str:
        return self.title
