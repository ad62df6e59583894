from django.urls import path

from binhdang.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("submissions/", views.submission_table, name="submissions"),
    path("submissions/remind/", views.send_reminder, name="send_reminder"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
    path("dhis2/", views.dhis2_mappings, name="dhis2_mappings"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("<int:pk>/download/", views.report_download, name="report_download"),
    path("<int:pk>/dhis2/", views.report_dhis2, name="report_dhis2"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
