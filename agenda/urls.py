from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("", views.agenda_index, name="index"),
    path("punt/<int:pk>/", views.item_detail, name="item"),
]
