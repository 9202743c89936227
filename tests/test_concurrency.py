"""How many requests a server process lets into Django at once (platform_site/concurrency.py):
the rest wait their turn, in order; WebSockets and repeat anonymous visits never wait."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from platform_site.concurrency import ConcurrencyLimit

from .asgi_helpers import asgi_get, guidance_page, session_cookie


class HeldApp:
    """An ASGI app that answers each request only when the test lets it go."""

    def __init__(self):
        self.inside = 0
        self.most_inside = 0
        self.entered = []
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send):
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        self.entered.append(scope.get("path"))
        await self.release.wait()
        self.inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope.get("path", "").encode()})


async def call(app, path, kind="http"):
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    await app({"type": kind, "path": path}, receive, send)
    return sent


@pytest.mark.asyncio
async def test_at_most_the_limit_is_inside_and_the_others_follow_in_order(settings):
    settings.DJANGO_REQUESTS_AT_ONCE = 2
    inner = HeldApp()
    app = ConcurrencyLimit(inner)
    calls = [asyncio.create_task(call(app, f"/{n}/")) for n in range(5)]
    await asyncio.sleep(0.05)
    assert inner.entered == ["/0/", "/1/"]  # the other three wait in front
    inner.release.set()
    answers = await asyncio.gather(*calls)
    assert inner.most_inside == 2
    assert inner.entered == ["/0/", "/1/", "/2/", "/3/", "/4/"]
    assert [a[-1]["body"] for a in answers] == [f"/{n}/".encode() for n in range(5)]


@pytest.mark.asyncio
async def test_websockets_and_a_limit_of_zero_never_wait(settings):
    settings.DJANGO_REQUESTS_AT_ONCE = 1
    inner = HeldApp()
    app = ConcurrencyLimit(inner)
    held = asyncio.create_task(call(app, "/bezig/"))
    await asyncio.sleep(0.01)
    socket = asyncio.create_task(call(app, "/ws/notifications/", kind="websocket"))
    await asyncio.sleep(0.01)
    assert inner.entered == ["/bezig/", "/ws/notifications/"]

    settings.DJANGO_REQUESTS_AT_ONCE = 0
    unlimited = [asyncio.create_task(call(app, f"/{n}/")) for n in range(3)]
    await asyncio.sleep(0.01)
    assert inner.inside == 5
    inner.release.set()
    await asyncio.gather(held, socket, *unlimited)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_repeat_anonymous_visit_is_answered_while_django_is_full(
    committed_demo, page_cache, settings
):
    from platform_site.asgi import application

    settings.DJANGO_REQUESTS_AT_ONCE = 1
    page = await sync_to_async(guidance_page)()
    url = await sync_to_async(lambda: page.url)()
    await asgi_get(url)  # the first visit is made by Django; each worker keeps a copy
    cookie = await session_cookie("toegang")

    # Every place in Django taken (as by a long export): a signed-in page waits its turn,
    # the public page is answered from the copy at once.
    limit = application.application_mapping["http"].app
    assert isinstance(limit, ConcurrencyLimit)
    await asgi_get("/healthz")  # makes the process's places
    places = limit._places[asyncio.get_running_loop()].semaphore
    await places.acquire()
    try:
        signed_in = asyncio.create_task(asgi_get(url, cookie=cookie))
        public = await asyncio.wait_for(asgi_get(url), timeout=5)
        assert public["status"] == 200 and public["header"]["x-page-cache"] == "hit"
        await asyncio.sleep(0.2)
        assert not signed_in.done()
    finally:
        places.release()
    answered = await asyncio.wait_for(signed_in, timeout=10)
    assert answered["status"] == 200 and "Uitloggen" in answered["body"].decode()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_request_whose_visitor_left_while_it_waited_is_not_made(settings, django_requests):
    """The server tells the application that the visitor left (as uvicorn does when the
    connection closed before the application read the request): Django then stops before the
    view. Without the limit Django had read the request at once and made the page regardless."""
    from channels.testing import ApplicationCommunicator

    from platform_site.asgi import application

    settings.DJANGO_REQUESTS_AT_ONCE = 1
    await asgi_get("/healthz")
    limit = application.application_mapping["http"].app
    places = limit._places[asyncio.get_running_loop()].semaphore
    entered = django_requests.count
    await places.acquire()
    scope = {"type": "http", "method": "GET", "path": "/healthz", "query_string": b"",
             "headers": [(b"host", b"127.0.0.1:8000")]}  # fmt: skip
    left = ApplicationCommunicator(application, scope)
    await left.send_input({"type": "http.disconnect"})
    places.release()
    await left.wait(timeout=5)
    assert django_requests.count == entered
    assert (await asgi_get("/healthz"))["status"] == 200
    assert django_requests.count == entered + 1
