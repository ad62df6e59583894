from importlib import import_module

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from binhdang.indicators.api import IndicatorsView
from binhdang.orgs.api import OrgUnitViewSet
from binhdang.registry.api import (
    EmploymentViewSet,
    ForeignLanguageViewSet,
    PersonViewSet,
    PoolEntryViewSet,
    PostViewSet,
    TrainingRecordViewSet,
)

router = DefaultRouter()
router.include_format_suffixes = False
router.register("units", OrgUnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("employments", EmploymentViewSet, basename="employment")
router.register("posts", PostViewSet, basename="post")
router.register("pool-entries", PoolEntryViewSet, basename="poolentry")
router.register("training-records", TrainingRecordViewSet, basename="trainingrecord")
router.register("languages", ForeignLanguageViewSet, basename="foreignlanguage")

# Later apps declare their endpoints in `<app>/api.py` as ROUTES = [(prefix, viewset, basename), ...].
for config in apps.get_app_configs():
    if not config.name.startswith("binhdang.") or config.name in ("binhdang.registry", "binhdang.orgs"):
        continue
    try:
        module = import_module(f"{config.name}.api")
    except ModuleNotFoundError as error:
        if error.name != f"{config.name}.api":
            raise
        continue
    for prefix, viewset, basename in getattr(module, "ROUTES", ()):
        router.register(prefix, viewset, basename=basename)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (CSP: no inline script); Swagger UI's own
    # stylesheet block is inline, so this one page allows inline styles.
    # templates/drf_spectacular/swagger_ui.html adds a link back to the application.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
    path("", include(router.urls)),
]
