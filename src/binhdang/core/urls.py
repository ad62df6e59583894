from django.urls import path

from binhdang.core import metrics, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("metrics", metrics.metrics_view, name="metrics"),
]
