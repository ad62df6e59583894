from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
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

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
    path("", include(router.urls)),
]
