from django.urls import path

from binhdang.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("trend.json", views.trend, name="trend"),
    path("data/<slug:chart>.xlsx", views.chart_data, name="chart_data"),
    path("values/", views.data_entry, name="data_entry"),
    path("targets/new/", views.target_edit, name="target_create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
]
