"""Requests through the platform's own ASGI application (the one the servers run, with the page
cache's front and the limit on Django), without a server."""

from asgiref.sync import sync_to_async


def guidance_page():
    """The demo's first published handbook page."""
    from handbook.models import GuidancePage

    return GuidancePage.objects.live().order_by("pk").first()


@sync_to_async
def session_cookie(username):
    """The session cookie of `username` signed in, as the login view would set it."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


async def asgi_get(path, cookie=None, headers=()):
    from channels.testing import HttpCommunicator

    from platform_site.asgi import application

    sent = [(b"host", b"127.0.0.1:8000"), *headers]
    if cookie:
        sent.append((b"cookie", cookie.encode()))
    response = await HttpCommunicator(application, "GET", path, headers=sent).get_response(10)
    response["header"] = {
        name.decode().lower(): value.decode() for name, value in response["headers"]
    }
    return response
