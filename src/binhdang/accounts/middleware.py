"""Sessions end after a spell of inactivity and, whatever happens, some hours after sign-in."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SIGNED_IN_AT = "binhdang_signed_in_at"
LAST_SEEN_AT = "binhdang_last_seen_at"
# The session is written again only when the last stamp is older than this (not on every request).
_REFRESH_SECONDS = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            # A session made by force_login (tests) or before this middleware existed starts counting now.
            signed_in = session.setdefault(SIGNED_IN_AT, now)
            last_seen = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen > settings.SESSION_IDLE_SECONDS
            if idle or now - signed_in > settings.SESSION_COOKIE_AGE:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # the API answers 403 itself
                if idle:
                    message = _("You were signed out after a period without activity. Please sign in again.")
                else:
                    message = _("Your session has reached its maximum length. Please sign in again.")
                messages.info(request, message)
                return redirect_to_login(request.get_full_path())
            if now - last_seen > _REFRESH_SECONDS or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)
