from django.urls import path

from binhdang.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("upcoming/", views.upcoming, name="upcoming"),
    path("settings/", views.settings_page, name="settings"),
    path("reminders/", views.reminders, name="reminders"),
    path("feed.ics", views.calendar_feed, name="feed"),
]
