"""What a locked-out sign-in gets: the login page (or the API's JSON) saying when to try again.

django-axes counts the failures (the password step, the code step and the API's Basic auth) per
username and address, and calls `lockout_response` once AXES_FAILURE_LIMIT is reached.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

log = logging.getLogger("binhdang.security")


def client_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The username axes records, made storable: its column holds 255 characters and PostgreSQL refuses
    NUL, and a sign-in attempt (a form bypassing the browser, an API client) may send anything."""
    if credentials:
        username = credentials.get("username")
    else:
        data = getattr(request, "data", None) or request.POST
        username = data.get("username")
    return str(username or "").replace("\x00", "")[:255]


def retry_at(username: str, ip_address: str | None) -> datetime.datetime:
    """When the lock lifts: the cool-off after the latest failure (a failure while locked restarts it)."""
    latest = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (latest or timezone.now()) + (get_cool_off() or datetime.timedelta(0))


def lockout_message(username: str, ip_address: str | None) -> str:
    until = timezone.localtime(retry_at(username, ip_address))
    return _(
        "Too many failed sign-in attempts for this account from your computer. "
        "Try again after %(time)s on %(date)s, or ask your administrator."
    ) % {"time": date_format(until, "H:i"), "date": date_format(until, "d/m/Y")}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    username = client_username(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    message = lockout_message(username, ip_address)
    log.warning("sign-in locked out: username=%r ip=%s", username, ip_address)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    from binhdang.accounts.forms import LoginForm

    form = LoginForm(request, initial={"username": username})
    return render(request, "accounts/login.html", {"form": form, "lockout": message}, status=429)
