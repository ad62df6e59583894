from django.urls import path

from binhdang.registry import import_views, subject_views, views

app_name = "registry"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("export.xlsx", import_views.staff_export, name="staff_export"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/template.xlsx", import_views.import_template, name="import_template"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:pk>/run/", import_views.import_run, name="import_run"),
    path("imports/<int:pk>/annotated.xlsx", import_views.import_annotated, name="import_annotated"),
    path("new/", views.person_edit, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    # A data-subject request (Nghị định 13/2023): everything held about one person.
    path("<int:pk>/data/", subject_views.subject_detail, name="subject_detail"),
    path("<int:pk>/data/export/", subject_views.subject_export, name="subject_export"),
    path("<int:pk>/data/erase/", subject_views.subject_erase, name="subject_erase"),
    path("<int:person_pk>/<slug:kind>/new/", views.fact_edit, name="fact_create"),
    path("<slug:kind>/<int:pk>/edit/", views.fact_edit, name="fact_edit"),
    path("<slug:kind>/<int:pk>/delete/", views.fact_delete, name="fact_delete"),
]
