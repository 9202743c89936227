"""One ASGI application for HTTP and WebSockets.

WebSocket connections pass three gates before any consumer sees them: the Origin header must name
an allowed host, the session cookie authenticates the user, and each consumer refuses anonymous
users itself.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings.embedded")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from home.page_cache import AnonymousPageCacheApp  # noqa: E402
from platform_site.concurrency import ConcurrencyLimit  # noqa: E402
from platform_site.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Repeat anonymous visits to cached pages are answered before Django (home/page_cache.py);
        # a few requests per process are in Django at once, the rest wait their turn.
        "http": AnonymousPageCacheApp(ConcurrencyLimit(django_asgi_app)),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
