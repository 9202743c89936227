from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("gelezen/", views.notification_mark_read, name="mark_read"),
    path("instellingen/", views.preferences, name="preferences"),
    path("<int:pk>/", views.notification_open, name="open"),
]
