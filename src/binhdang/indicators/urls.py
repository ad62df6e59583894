from django.urls import path

from binhdang.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("trend.json", views.trend, name="trend"),
    path("data/<slug:chart>.xlsx", views.chart_data, name="chart_data"),
    path("values/", views.data_entry, name="data_entry"),
]
