from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from rest_framework.authtoken.models import Token

from binhdang.accounts import scope, twofactor
from binhdang.accounts.forms import CodeForm, UserForm
from binhdang.accounts.models import User
from binhdang.core.views import paginate

log = logging.getLogger("binhdang.security")


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_users"))
    users = scope.restrict(User.objects.select_related("unit"), request.user).order_by("username")
    return render(request, "accounts/user_list.html", {"page": paginate(request, users)})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope.require(scope.has_right(request.user, "manage_users"))
    instance = None
    if pk is not None:
        instance = scope.restrict(User.objects.all(), request.user, "change").filter(pk=pk).first()
        if instance is None:
            raise Http404(_("No such user in your scope."))
    form = UserForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "object": instance})


# -- The user's own security page: two-factor, backup codes, password, API token -------------------


@login_required
@never_cache
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    token = Token.objects.filter(user=user).first()
    return render(
        request,
        "accounts/security.html",
        {
            "two_factor": twofactor.is_enabled(user),
            "two_factor_required": twofactor.is_required(user),
            "backup_codes_left": twofactor.backup_codes_left(user),
            "token": token,
            "disable_form": CodeForm(),
        },
    )


@sensitive_post_parameters("code")
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = twofactor.unconfirmed_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm(device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            log.info("two-factor turned on: username=%r", user.username)
            messages.success(request, _("Two-factor sign-in is on. From now on you sign in with a code as well."))
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:security")})
        form.add_error("code", twofactor.WRONG_CODE)
    context = {"form": form, "qr": twofactor.qr_svg(device), "secret": twofactor.secret_text(device)}
    return render(request, "accounts/two_factor_enrol.html", context)


@sensitive_post_parameters("code")
@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Only for roles that may sign in without a code; a current code proves the app is the user's."""
    user = request.user
    if twofactor.is_required(user):
        messages.error(request, _("Your role must sign in with two-factor: it cannot be turned off."))
        return redirect("accounts:security")
    form = CodeForm(request.POST)
    if form.is_valid() and twofactor.verify(user, form.cleaned_data["code"]) is not None:
        twofactor.disable(user)
        log.info("two-factor turned off: username=%r", user.username)
        messages.success(request, _("Two-factor sign-in is off."))
    else:
        messages.error(request, _("Two-factor sign-in is still on: the code was not right."))
    return redirect("accounts:security")


@login_required
@never_cache
@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not twofactor.is_enabled(user):
        messages.error(request, _("Turn on two-factor sign-in first."))
        return redirect("accounts:security")
    codes = twofactor.new_backup_codes(user)
    log.info("backup codes replaced: username=%r", user.username)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:security")})


@login_required
@never_cache
@require_POST
def api_token(request: HttpRequest) -> HttpResponse:
    """Make (or replace) the user's API token, shown once; or delete it."""
    user = request.user
    Token.objects.filter(user=user).delete()
    if request.POST.get("action") == "delete":
        log.info("API token deleted: username=%r", user.username)
        messages.success(request, _("Your API token is deleted: programs using it can no longer sign in."))
        return redirect("accounts:security")
    token = Token.objects.create(user=user)
    log.info("API token created: username=%r", user.username)
    return render(request, "accounts/api_token.html", {"key": token.key})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log.info("password changed: username=%r", self.request.user.username)
        messages.success(self.request, _("Your password is changed."))
        return response
