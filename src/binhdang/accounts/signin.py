"""Signing in: the password step, then the code step (or enrolment), and only then a session.

The password step does not log the user in when a code is needed: it keeps who passed it in the
session (for a few minutes) and sends them to the code step. `django.contrib.auth.login` is called
only once the code is right, so no authenticated session exists after the password alone. Failed
codes count towards the same lockout as failed passwords (django-axes, per username and address).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from binhdang.accounts import twofactor
from binhdang.accounts.forms import CodeForm, LoginForm
from binhdang.accounts.lockout import lockout_response
from binhdang.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from binhdang.accounts.models import User

log = logging.getLogger("binhdang.security")

PENDING = "binhdang_pending_sign_in"
# How long the code step waits after a correct password.
PENDING_SECONDS = 300


class SignInView(LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        if not twofactor.needs_code(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        step = "accounts:login_code" if twofactor.is_enabled(user) else "accounts:login_enrol"
        return redirect(step)


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    data = request.session.get(PENDING)
    if not data or time.time() - data["at"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    return (user, data) if user else None


def _restart(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING, None)
    messages.info(request, _("Your sign-in took too long or was not started. Please enter your password again."))
    return redirect("accounts:login")


def _complete(request: HttpRequest, user: User, data: dict[str, Any], device: Any) -> None:
    request.session.pop(PENDING, None)
    user.otp_device = device  # django-otp records the device in the session on login
    auth_login(request, user, backend=data["backend"])


def _refuse_code(request: HttpRequest, user: User, form: CodeForm) -> HttpResponse | None:
    """Count a wrong code like a wrong password; the lockout page once the limit is reached."""
    credentials = {"username": user.username}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    log.info("wrong sign-in code: username=%r", user.username)
    if AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING, None)
        return lockout_response(request, None, credentials)
    form.add_error("code", twofactor.WRONG_CODE)
    return None


def _must_wait(user: User, form: CodeForm, device: Any = None) -> bool:
    seconds = twofactor.seconds_to_wait(user, device)
    if seconds > 0:
        form.add_error("code", twofactor.WAIT % {"seconds": seconds})
    return seconds > 0


def _locked(request: HttpRequest, user: User) -> HttpResponse | None:
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING, None)
        return lockout_response(request, None, credentials)
    return None


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return _restart(request)
    user, data = pending
    if not twofactor.is_enabled(user):
        return redirect("accounts:login_enrol")
    if (locked := _locked(request, user)) is not None:
        return locked
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _must_wait(user, form):
        device = twofactor.verify(user, form.cleaned_data["code"])
        if device is not None:
            _complete(request, user, data, device)
            if twofactor.backup_codes_left(user) <= 2:
                messages.warning(request, _("You have few backup codes left: make new ones on your security page."))
            return HttpResponseRedirect(data["next"])
        if (refused := _refuse_code(request, user, form)) is not None:
            return refused
    return render(request, "accounts/login_code.html", {"form": form, "pending_user": user})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in of a user whose role requires two-factor: set up the app, then the session starts."""
    pending = _pending(request)
    if pending is None:
        return _restart(request)
    user, data = pending
    if twofactor.is_enabled(user):
        return redirect("accounts:login_code")
    if (locked := _locked(request, user)) is not None:
        return locked
    device = twofactor.unconfirmed_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _must_wait(user, form, device):
        codes = twofactor.confirm(device, form.cleaned_data["code"])
        if codes is not None:
            _complete(request, user, data, device)
            log.info("two-factor enrolled at sign-in: username=%r", user.username)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": data["next"]})
        if (refused := _refuse_code(request, user, form)) is not None:
            return refused
    context = {"form": form, "device": device, "qr": twofactor.qr_svg(device), "secret": twofactor.secret_text(device)}
    return render(request, "accounts/two_factor_enrol.html", {**context, "at_sign_in": True, "pending_user": user})


def _stamp_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """The session's clocks start at sign-in (idle and absolute limits, accounts.middleware)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


user_logged_in.connect(_stamp_sign_in, dispatch_uid="binhdang.accounts.stamp_sign_in")
