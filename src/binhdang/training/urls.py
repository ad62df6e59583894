from django.urls import path

from binhdang.training import views

app_name = "training"
urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("new/", views.class_edit, name="class_create"),
    path("<int:pk>/", views.class_detail, name="class_detail"),
    path("<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("<int:pk>/delete/", views.class_delete, name="class_delete"),
    path("<int:pk>/nominations/", views.class_nominations, name="class_nominations"),
    path("<int:pk>/enrol/", views.class_enrol, name="class_enrol"),
    path("<int:pk>/attendance/", views.class_attendance, name="class_attendance"),
    path("<int:pk>/evaluation/", views.class_evaluation, name="class_evaluation"),
    path("<int:pk>/complete/", views.class_complete, name="class_complete"),
    path("<int:pk>/attendance-sheet/", views.attendance_sheet, name="attendance_sheet"),
    path("<int:pk>/participants/", views.participant_list, name="participant_list"),
]
