from django.urls import path

from binhdang.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("new/", views.person_edit, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:person_pk>/<slug:kind>/new/", views.fact_edit, name="fact_create"),
    path("<slug:kind>/<int:pk>/edit/", views.fact_edit, name="fact_edit"),
    path("<slug:kind>/<int:pk>/delete/", views.fact_delete, name="fact_delete"),
]
