"""The page cache's ASGI front (home.page_cache.AnonymousPageCacheApp): each worker answers a
repeat anonymous visit from its own copy, before Django, through the same ASGI application the
servers run. A publish still shows at once, and signed-in visits, other queries and plain HTTP
under a TLS redirect still reach Django. The demo is committed (`committed_demo`), as the front
reads what Django stored after the commit."""

import uuid

import pytest
from asgiref.sync import sync_to_async

from .asgi_helpers import asgi_get, guidance_page, session_cookie


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_repeat_anonymous_visit_is_answered_before_django_and_a_publish_shows_at_once(
    committed_demo, page_cache, django_requests
):
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
    committed_demo, page_cache, django_requests, settings
):
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
    committed_demo, page_cache
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
    committed_demo, settings, django_requests
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
