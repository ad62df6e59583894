from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("binhdang.core.urls")),
    path("accounts/", include("binhdang.accounts.urls")),
    path("units/", include("binhdang.orgs.urls")),
    path("staff/", include("binhdang.registry.urls")),
    path("dashboard/", include("binhdang.indicators.urls")),
    path("plans/", include("binhdang.plans.urls")),
    path("activities/", include("binhdang.activities.urls")),
    path("training/", include("binhdang.training.urls")),
    path("calendar/", include("binhdang.agenda.urls")),
    path("reports/", include("binhdang.reports.urls")),
    path("api/", include("binhdang.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "binhdang.core.views.bad_request"
handler403 = "binhdang.core.views.permission_denied"
handler404 = "binhdang.core.views.page_not_found"
handler500 = "binhdang.core.views.server_error"
