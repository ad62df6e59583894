"""The calendar pages: month grid, upcoming list, reminder settings with the feed link, the feed, reminders."""

from __future__ import annotations

import calendar as calendar_module
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from binhdang.agenda import feed
from binhdang.agenda.events import KINDS, Event
from binhdang.agenda.forms import CalendarSettingsForm
from binhdang.agenda.models import CalendarSettings, Reminder
from binhdang.agenda.providers import KIND_LABELS, collect, upcoming_events
from binhdang.agenda.reminders import ensure_reminders
from binhdang.core.views import paginate

_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
MIN_YEAR, MAX_YEAR = 2000, 2100
UPCOMING_DAYS = 30
MAX_UPCOMING_DAYS = 366
_FEED_SESSION_KEY = "agenda_new_feed_url"


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    entries: list[tuple[Event, bool]] = field(default_factory=list)  # (event, whether it is named here)

    @property
    def quiet(self) -> bool:
        """Only the middle of long events: the small-screen list leaves such a day out."""
        return not any(named for _event, named in self.entries)


def _kinds(request: HttpRequest) -> list[str]:
    """The kinds chosen in the filter (all when none); unknown values are ignored."""
    chosen = [kind for kind in request.GET.getlist("kind") if kind in KINDS]
    return chosen or list(KINDS)


def _month(request: HttpRequest, today: datetime.date) -> datetime.date:
    """The first day of the month asked for with ?month=2026-11; this month when absent or wrong."""
    raw = request.GET.get("month", "")
    if not raw:
        return today.replace(day=1)
    match = _MONTH.fullmatch(raw.strip())
    if match and MIN_YEAR <= int(match.group(1)) <= MAX_YEAR and 1 <= int(match.group(2)) <= 12:
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)
    messages.warning(
        request,
        _("“%(value)s” is not a month: write it as year-month, e.g. 2026-11. Showing this month.")
        % {"value": "".join(char for char in raw[:20] if char.isprintable())},
    )
    return today.replace(day=1)


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _grid(first: datetime.date, events: list[Event], today: datetime.date) -> list[list[Day]]:
    """The weeks of the month, Monday first, each day holding the events on it."""
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    days = {day: Day(day, day.month == first.month, day == today) for week in weeks for day in week}
    for event in events:
        day = max(event.start, weeks[0][0])
        while day <= min(event.last, weeks[-1][-1]):
            # A long event (the Action Month, a week's class) is named where it starts, on the month's first day
            # and on each Monday; the other days show a bar.
            named = day in (event.start, first, weeks[0][0]) or day.weekday() == 0
            days[day].entries.append((event, named))
            day += datetime.timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


def _rows(events: list[Event]) -> list[dict[str, Any]]:
    return [{"event": event, "kind_label": KIND_LABELS.get(event.kind, event.kind)} for event in events]


def _filter_links(chosen: list[str]) -> list[dict[str, Any]]:
    return [{"kind": kind, "label": KIND_LABELS[kind], "checked": kind in chosen} for kind in KINDS]


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _month(request, today)
    last = _shift(first, 1) - datetime.timedelta(days=1)
    weeks_first = first - datetime.timedelta(days=first.weekday())
    weeks_last = last + datetime.timedelta(days=6 - last.weekday())
    chosen = _kinds(request)
    events = [event for event in collect(request.user, weeks_first, weeks_last) if event.kind in chosen]
    in_month = [event for event in events if event.overlaps(first, last)]
    kind_query = "".join(f"&kind={kind}" for kind in chosen) if len(chosen) < len(KINDS) else ""
    context = {
        "weeks": _grid(first, events, today),
        "weekdays": [WEEKDAYS[index] for index in range(7)],
        "first": first,
        "month_name": MONTHS[first.month],
        "previous": _shift(first, -1).strftime("%Y-%m"),
        "next": _shift(first, 1).strftime("%Y-%m"),
        "this_month": today.strftime("%Y-%m"),
        "rows": _rows(in_month),
        "kinds": _filter_links(chosen),
        "kind_query": kind_query,
        "today": today,
    }
    return render(request, "agenda/calendar.html", context)


@login_required
def upcoming(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("days", "")
    days = int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_UPCOMING_DAYS else UPCOMING_DAYS
    chosen = _kinds(request)
    events = [event for event in upcoming_events(request.user, today, days) if event.kind in chosen]
    context = {
        "rows": _rows(events),
        "days": days,
        "today": today,
        "kinds": _filter_links(chosen),
    }
    # htmx asks for the list only, to put it into another page (the home page).
    template = "agenda/_event_list.html" if request.headers.get("HX-Request") else "agenda/upcoming.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    found = CalendarSettings.of(user)
    form = CalendarSettingsForm(None, instance=found, user=user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "rotate":
            request.session[_FEED_SESSION_KEY] = feed.feed_url(feed.rotate(user))
            messages.success(request, _("A new calendar link was made; the old link no longer works."))
            return redirect("agenda:settings")
        if action == "revoke":
            feed.revoke(user)
            messages.success(request, _("The calendar link was turned off."))
            return redirect("agenda:settings")
        form = CalendarSettingsForm(request.POST, instance=found, user=user)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Saved."))
            return redirect("agenda:settings")
    context = {
        "form": form,
        "settings": found,
        # The link is shown once, right after it was made: only its hash is kept.
        "new_feed_url": request.session.pop(_FEED_SESSION_KEY, None),
    }
    return render(request, "agenda/settings.html", context)


@never_cache
@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The iCalendar feed; the token in the query string is the only key, so there is no sign-in."""
    user = feed.user_for_token(request.GET.get("token", ""))
    if user is None:
        raise Http404(_("This calendar link does not exist or was replaced by a new one."))
    today = timezone.localdate()
    start, end = feed.window(today)
    with translation.override("vi"):
        events = collect(user, start, end)
        body = feed.build(events, _("Bình Đẳng calendar — %(name)s") % {"name": user})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="binhdang.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest) -> HttpResponse:
    """The user's reminders, unread first; POST `reminder` (an id) or `all` marks them read."""
    mine = Reminder.objects.filter(user=request.user)
    if request.method == "POST":
        unread = mine.filter(read_at=None)
        if request.POST.get("all"):
            unread.update(read_at=timezone.now())
            return redirect("agenda:reminders")
        raw = request.POST.get("reminder", "")
        if not (raw.isascii() and raw.isdigit() and len(raw) < 19 and mine.filter(pk=int(raw)).exists()):
            messages.error(request, _("No such reminder: it may have been deleted."))
            return redirect("agenda:reminders")
        unread.filter(pk=int(raw)).update(read_at=timezone.now())
        return redirect("agenda:reminders")
    # Reminders are made daily by `send-reminders`; the page makes the missing ones at once.
    ensure_reminders(request.user, timezone.localdate())
    unread_first = mine.annotate(unread=ExpressionWrapper(Q(read_at=None), output_field=BooleanField()))
    ordered = unread_first.order_by("-unread", "due_date", "pk")
    context = {"page": paginate(request, ordered), "unread": mine.filter(read_at=None).count()}
    return render(request, "agenda/reminders.html", context)

