from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", home_views.health, name="health"),
    path("favicon.ico", home_views.favicon),
    path("api/", include("api.urls")),
]

if getattr(settings, "SERVE_MEDIA", False):
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# Dutch is served without a prefix whatever the browser prefers; English under /en/.
urlpatterns += i18n_patterns(
    path("account/", include("accounts.urls")),
    path("agenda/", include("agenda.urls")),
    path("zoeken/", include("search.urls")),
    path("meldingen/", include("notifications.urls")),
    path("voortgang/", include("dashboard.urls")),
    path("", include("discussions.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "home.views.server_error"
