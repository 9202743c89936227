from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("agenda-items", views.AgendaItemViewSet, basename="agenda-item")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("threads", views.ThreadViewSet, basename="thread")
router.register("posts", views.PostViewSet, basename="post")
router.register("handbook-pages", views.HandbookPageViewSet, basename="handbook-page")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/search/", views.SearchView.as_view(), name="search"),
    # The OpenAPI schema at a stable address, for clients and for the schema-driven tests.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
