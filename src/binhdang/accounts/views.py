from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binhdang.accounts import scope
from binhdang.accounts.forms import UserForm
from binhdang.accounts.models import User
from binhdang.core.views import paginate


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
