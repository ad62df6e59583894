"""The personal iCalendar feed (RFC 5545): a secret link a calendar program subscribes to without signing in.

The token is 32 random bytes; only its SHA-256 is stored, so a copy of the database does not open anyone's
feed. Looking a token up by its hash leaks nothing through timing, and the hash found is compared again in
constant time. A new link replaces the old one, which stops working at once."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as ICalEvent

from binhdang.agenda.events import Event
from binhdang.agenda.models import CalendarSettings
from binhdang.agenda.providers import KIND_LABELS

TOKEN_BYTES = 32
YEARS_BACK = 1
YEARS_AHEAD = 2


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def absolute(url: str) -> str:
    """A link for outside the site (a calendar program, an e-mail): SITE_URL in front of a relative one."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def feed_url(token: str) -> str:
    return absolute(f"{reverse('agenda:feed')}?{urlencode({'token': token})}")


def rotate(user: Any) -> str:
    """Make a new feed token for `user` (the old one stops working) and return it; it is never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    found = CalendarSettings.of(user)
    found.feed_token_hash = _hash(token)
    found.feed_rotated_at = timezone.now()
    found.save()
    return token


def revoke(user: Any) -> None:
    CalendarSettings.objects.filter(user=user).update(feed_token_hash="", feed_rotated_at=None)


def user_for_token(token: str) -> Any:
    """The active user whose feed this token opens, or None."""
    if not token or len(token) > 200:
        return None
    digest = _hash(token)
    found = CalendarSettings.objects.filter(feed_token_hash=digest, user__is_active=True).select_related("user").first()
    if found is None or not hmac.compare_digest(found.feed_token_hash, digest):
        return None
    return found.user


def window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """What the feed holds: from a year back to two years ahead."""

    def shift(years: int) -> datetime.date:
        try:
            return today.replace(year=today.year + years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28)

    return shift(-YEARS_BACK), shift(YEARS_AHEAD)


def build(events: list[Event], name: str) -> bytes:
    """The iCalendar text of `events`: all-day events (DTEND is the day after the last, as RFC 5545 wants)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Bình Đẳng//agenda//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Ask subscribing programs to look again twice a day (Outlook and Apple read these hints).
    calendar.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    stamp = timezone.now().replace(microsecond=0)
    for event in events:
        entry = ICalEvent()
        entry.add("uid", f"{event.key}@binhdang")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.start)
        entry.add("dtend", event.last + datetime.timedelta(days=1))
        summary = event.title
        if event.overdue:
            summary = _("Overdue: %(title)s") % {"title": summary}
        elif event.done:
            summary = _("Done: %(title)s") % {"title": summary}
        entry.add("summary", summary)
        description = "\n".join(part for part in (event.unit, event.description) if part)
        if description:
            entry.add("description", description)
        if event.url:
            entry.add("url", absolute(event.url))
        entry.add("categories", [str(KIND_LABELS.get(event.kind, event.kind))])
        entry.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        calendar.add_component(entry)
    return calendar.to_ical()
