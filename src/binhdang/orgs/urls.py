from django.urls import path

from binhdang.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("new/", views.unit_create, name="unit_create"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/<slug:operation>/", views.unit_restructure, name="unit_restructure"),
]
