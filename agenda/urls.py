from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("", views.agenda_index, name="index"),
    path("mijn-taken/", views.my_tasks, name="my_tasks"),
    path("mijn-taken/<int:pk>/", views.my_tasks_update, name="my_tasks_update"),
    path("punt/<int:pk>/", views.item_detail, name="item"),
    path("punt/<int:pk>/bijwerken/", views.item_update, name="item_update"),
    path("punt/<int:pk>/besluit/", views.item_decide, name="item_decide"),
    path("punt/<int:pk>/volgen/", views.item_follow, name="item_follow"),
    path("export.<str:fmt>", views.export, name="export"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_review, name="import_review"),
    path("import/<int:pk>/verwerken/", views.import_apply, name="import_apply"),
    path("agenda/<str:token>.ics", views.ical_user, name="ical_user"),
    path("agenda/<str:token>/werkgroep/<slug:slug>.ics", views.ical_group, name="ical_group"),
]
