"""Home page, health check and the helpers every app's views share."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils.translation import gettext as _

from binhdang.accounts import scope


def paginate(request: HttpRequest, items: Any, per_page: int = 50) -> Any:
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if scope.has_right(user, "view_person"):
        return redirect("registry:staff_list")
    return redirect("orgs:tree")


# The error pages need nothing of the user, the session or the database: they are rendered when
# one of those is what failed (a wrong Host header stops the request before the user is known; a
# database outage makes every context processor fail). So no request context, only the message.
def _error_page(status: int, message: str) -> HttpResponse:
    body = loader.render_to_string("errors/error.html", {"status": status, "message": message})
    return HttpResponse(body, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(404, _("The page you asked for does not exist."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(403, _("You do not have permission to see this page."))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(400, _("The request could not be understood."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(500, _("Something went wrong on our side."))
