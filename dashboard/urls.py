from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("raadsbrief/", views.letters, name="letters"),
    path("raadsbrief/<int:pk>.pdf", views.letter_download, name="letter"),
    path("raadsbrief/<int:pk>/versturen/", views.letter_send, name="letter_send"),
]
