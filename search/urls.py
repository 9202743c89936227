from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search_view, name="search"),
    path("suggesties/", views.suggestions_view, name="suggestions"),
    path("hiaten/", views.gaps_view, name="gaps"),
]
