from django.urls import path

from binhdang.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_edit, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/document/", views.plan_document, name="plan_document"),
    path("<int:pk>/withdraw/", views.plan_withdraw, name="plan_withdraw"),
    path("<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("progress/<int:pk>/evidence/", views.progress_evidence, name="progress_evidence"),
    path("import/", views.draft_upload, name="draft_upload"),
    path("drafts/<int:pk>/", views.draft_review, name="draft_review"),
    path("drafts/<int:pk>/discard/", views.draft_discard, name="draft_discard"),
]
