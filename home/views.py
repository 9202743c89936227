import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

RETRY_AFTER_SECONDS = 5


def favicon(request):
    """What a browser or feed reader asks for without reading the page's icon link (a 404 page
    each time before). Resolved per request: the static file's hashed name exists only once
    collectstatic has run."""
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
def health(request):
    """Liveness and database reachability, for the run script and a load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _database_unreachable(error):
    """An error that says the database went away (a restart, a failover, a dropped connection),
    not that the query was wrong."""
    return isinstance(error, (OperationalError, InterfaceError))


def csrf_failure(request, reason=""):
    """A form the CSRF check refused. Django's own view renders a custom template without the
    reason; this one tells apart the browser that sent no cookie at all (blocked or cleared
    cookies: sending again will not help) from the form that expired."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE

    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)


def server_error(request):
    """The 500 handler. When the database was unreachable, say so as a 503 that invites a retry:
    every write runs in a transaction, so nothing was half stored, and forms carry a key that
    stores a retried submission once."""
    error = sys.exc_info()[1]
    if not _database_unreachable(error):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": _("De database is even niet bereikbaar; probeer het zo opnieuw."),
                "retryable": True,
            },
            status=503,
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
