"""Home page, health check and the helpers every app's views share."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
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


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # A path under /api/ that names no endpoint (an id the router refuses, like "a.b"): answered in JSON,
        # as the API answers everything, not with the site's HTML page.
        from rest_framework.exceptions import NotFound

        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return render(request, "errors/404.html", {"message": _("The page you asked for does not exist.")}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "errors/403.html", {"message": _("You do not have permission to see this page.")}, status=403
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", {"message": _("The request could not be understood.")}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", {"message": _("Something went wrong on our side.")}, status=500)
