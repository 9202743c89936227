"""The page cache for visitors who are not signed in, on the real Redis as in production: a
second visit is served from the cache, a publish or any content change shows at once, and
signed-in people, forms and private pages are never served from it."""

import uuid
from io import StringIO

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command

from home.page_cache import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo_content", "--no-progress", stdout=StringIO())


def guidance_page():
    from handbook.models import GuidancePage

    return GuidancePage.objects.live().order_by("pk").first()


def test_the_second_anonymous_visit_is_served_from_the_cache(demo, page_cache, client):
    page = guidance_page()
    first = client.get(page.url)
    second = client.get(page.url)
    assert first[HEADER] == "miss" and second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second


def test_a_published_change_shows_at_once(
    demo, page_cache, client, django_capture_on_commit_callbacks
):
    page = guidance_page()
    client.get(page.url)
    assert client.get(page.url)[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Regie in de praktijk (herzien)"
        page.save_revision().publish()
    response = client.get(page.url)
    assert response[HEADER] == "miss"
    assert "Regie in de praktijk (herzien)" in response.text


def test_a_new_public_agenda_item_shows_on_the_cached_agenda_at_once(
    demo, page_cache, client, django_capture_on_commit_callbacks
):
    from accounts.visibility import Visibility

    from .agenda_helpers import published_item

    client.get("/agenda/?q=Gegenereerd")
    assert client.get("/agenda/?q=Gegenereerd")[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        published_item(title="Gegenereerd nieuw punt", visibility=Visibility.PUBLIC)
    assert "Gegenereerd nieuw punt" in client.get("/agenda/?q=Gegenereerd").text


def test_signed_in_people_are_never_served_from_the_cache(demo, page_cache, client):
    from accounts.models import User

    page = guidance_page()
    client.get(page.url)
    client.get(page.url)
    client.force_login(User.objects.get(username="toegang"))
    response = client.get(page.url)
    assert HEADER not in response
    assert "Uitloggen" in response.text


def test_forms_searches_and_personal_pages_are_not_cached(demo, page_cache, client):
    for path in ("/account/inloggen/", "/zoeken/?q=perspectiefplan", "/api/v1/agenda-items/"):
        client.get(path)
        assert HEADER not in client.get(path), path


def _middleware_around(view):
    from home.page_cache import AnonymousPageCacheMiddleware

    calls = []

    def get_response(request):
        calls.append(request.path)
        return view(request)

    return AnonymousPageCacheMiddleware(get_response), calls


def test_a_response_that_sets_a_cookie_or_carries_a_csrf_token_is_not_stored(page_cache, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    def sets_cookie(request):
        response = HttpResponse("<p>hallo</p>")
        response.set_cookie("voorkeur", "1")
        return response

    def renders_csrf_token(request):
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    def plain(request):
        return HttpResponse("<p>voor iedereen</p>")

    for view, stored in ((sets_cookie, False), (renders_csrf_token, False), (plain, True)):
        middleware, calls = _middleware_around(view)
        path = f"/proef/{view.__name__}/"
        middleware(rf.get(path))
        second = middleware(rf.get(path))
        assert (second.get(HEADER) == "hit") is stored, view.__name__
        assert len(calls) == (1 if stored else 2), view.__name__


def test_a_request_with_a_session_cookie_skips_the_cache(page_cache, rf):
    from django.conf import settings
    from django.http import HttpResponse

    middleware, calls = _middleware_around(lambda request: HttpResponse("<p>x</p>"))
    middleware(rf.get("/proef/"))
    request = rf.get("/proef/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "iets"
    assert HEADER not in middleware(request)
    assert len(calls) == 2


# The ASGI front (AnonymousPageCacheApp): each worker answers a repeat anonymous visit from its
# own copy, before Django; through the same ASGI application the servers run.


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


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_repeat_anonymous_visit_is_answered_before_django_and_a_publish_shows_at_once(
    demo, page_cache, django_requests
):
    from asgiref.sync import sync_to_async

    page = await sync_to_async(guidance_page)()
    url = await sync_to_async(lambda: page.url)()
    first = await asgi_get(url)
    assert first["status"] == 200 and first["header"]["x-page-cache"] == "miss"
    entered = django_requests.count

    second = await asgi_get(url)
    assert django_requests.count == entered, "the repeat visit went through Django"
    assert second["status"] == 200 and second["header"]["x-page-cache"] == "hit"
    assert second["body"] == first["body"]
    for name in ("content-type", "content-security-policy", "x-content-type-options"):
        assert second["header"][name] == first["header"][name], name
    assert int(second["header"]["content-length"]) == len(second["body"])

    @sync_to_async
    def publish_new_title():
        page.title = "Regie in de praktijk (herzien)"
        page.save_revision().publish()

    await publish_new_title()
    third = await asgi_get(url)
    assert "Regie in de praktijk (herzien)" in third["body"].decode()
    assert django_requests.count == entered + 1


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_signed_in_visits_other_queries_and_plain_http_under_a_tls_redirect_reach_django(
    demo, page_cache, django_requests, settings
):
    from asgiref.sync import sync_to_async

    page = await sync_to_async(guidance_page)()
    url = await sync_to_async(lambda: page.url)()
    await asgi_get(url)
    await asgi_get(url)
    entered = django_requests.count

    signed_in = await asgi_get(url, cookie=await session_cookie("toegang"))
    assert "x-page-cache" not in signed_in["header"]
    assert "Uitloggen" in signed_in["body"].decode()
    other_query = await asgi_get(url + "?weergave=print")
    assert other_query["header"]["x-page-cache"] == "miss"
    assert django_requests.count == entered + 2

    # Under a TLS redirect a plain-HTTP visit is Django's to redirect (its SecurityMiddleware,
    # built when the application was, keeps the setting it started with; here that is off).
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    entered = django_requests.count
    await asgi_get(url)
    assert django_requests.count == entered + 1
    tls = [(b"x-forwarded-proto", b"https")]
    assert (await asgi_get(url, headers=tls))["status"] == 200
    assert django_requests.count == entered + 2  # a copy of its own, with the HTTPS headers
    assert (await asgi_get(url, headers=tls))["header"]["x-page-cache"] == "hit"
    assert django_requests.count == entered + 2


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_signed_in_pages_share_one_redis_connection_instead_of_opening_one_each(
    demo, page_cache
):
    """Under ASGI every request has cache objects of its own, and Django's Redis backend gave
    each its own connection pool: every signed-in page (its session is read from the cache)
    opened a new connection to Redis, which made the signed-in floor a quarter slower
    (bench/RESULTS.md, run 18). The platform's backend shares one pool per process."""
    import os

    import redis

    cookie = await session_cookie("projectleider")
    assert "Uitloggen" in (await asgi_get("/agenda/", cookie=cookie))["body"].decode()
    probe = redis.Redis.from_url(os.environ["REDIS_URL"])
    before = probe.info("stats")["total_connections_received"]
    for _ in range(10):
        page = await asgi_get("/agenda/", cookie=cookie)
        assert page["status"] == 200 and "Uitloggen" in page["body"].decode()
    assert probe.info("stats")["total_connections_received"] - before <= 1
    probe.close()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_embedded_default_answers_repeat_visits_from_memory_too(
    demo, settings, django_requests
):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }
    first = await asgi_get("/agenda/")
    entered = django_requests.count
    second = await asgi_get("/agenda/")
    assert first["status"] == 200 and second["header"]["x-page-cache"] == "hit"
    assert second["body"] == first["body"]
    assert django_requests.count == entered


def test_a_renamed_organisation_shows_at_once_and_a_login_keeps_the_cache(
    demo, page_cache, client, django_capture_on_commit_callbacks
):
    """People and organisations are not content, but public pages show their names (here the
    agenda's municipality filter). A login saves the person's row too and changes no page."""
    from accounts.models import Organisation, User

    url = "/agenda/?domain=jeugd"
    assert "Gemeente Hoorn" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(User.objects.get(username="projectleider"))
        client.logout()
    assert client.get(url)[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        hoorn = Organisation.objects.get(name="Gemeente Hoorn")
        hoorn.name = "Gemeente Hoorn (West-Friesland)"
        hoorn.save()
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "Gemeente Hoorn (West-Friesland)" in response.text
