"""Outages of the services around the database, with real servers that the tests stop and start:

- Redis (the channel layer and the cache) down: posting, editing and signed-in pages still work,
  and the notifications written meanwhile reach the follower's socket once Redis is back;
- Redis coming back slowly: sockets that open meanwhile connect, and hear the next reply;
- Redis back with what it held before: a logout and a change made meanwhile still count;
- the database connection cut during a write (what a PostgreSQL restart does to its clients): the
  client gets a clear "try again" answer, nothing half-written stays behind, and the retry stores
  the thing once."""

import asyncio
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client

from accounts.models import Role
from accounts.visibility import Visibility
from discussions import actions
from discussions.models import Post
from notifications.models import Notification
from platform_site import redis_cache

from .agenda_helpers import published_item
from .asgi_helpers import asgi_get
from .factories import UserFactory
from .postgres import connect
from .servers import free_port
from .test_websocket import communicator


class RedisServer:
    """A Redis of the test's own, so that stopping it touches no other test."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed program
            [
                shutil.which("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self, keep_data=False):
        """Stop; with keep_data, Redis comes back with what it held, as after a hang or a restart
        from its snapshot."""
        if keep_data:
            import redis

            redis.Redis.from_url(self.url).save()
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(settings, tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    from platform_site.settings.base import redis_channel_layer

    settings.CHANNEL_LAYERS = {"default": redis_channel_layer(server.url)}
    # The cache on the same Redis, as in production: sessions, the page cache, the admin link.
    settings.CACHES = {
        "default": {
            "BACKEND": "platform_site.redis_cache.SharedPoolRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    yield server
    server.stop()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


async def a_thread_with_author_and_follower(municipality):
    """A thread started (and so followed) by one access worker, and another who will reply to
    it, both signed in: (thread, follower, follower's client, author's client)."""
    author = await sync_to_async(UserFactory)(
        username="auteur", organisation=municipality, role=Role.ACCESS_STAFF
    )
    follower = await sync_to_async(UserFactory)(
        username="volger", organisation=municipality, role=Role.ACCESS_STAFF
    )
    thread = await sync_to_async(actions.start_thread)(follower, "Wachttijden", "Hoe lang?")
    follower_client = await sync_to_async(logged_in)(follower)
    author_client = await sync_to_async(logged_in)(author)
    return thread, follower, follower_client, author_client


async def open_socket(client):
    comm = communicator(client.cookies[settings.SESSION_COOKIE_NAME].value)
    connected, _ = await comm.connect(timeout=5)
    assert connected
    assert (await comm.receive_json_from(timeout=5))["type"] == "connected"
    return comm


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_with_redis_down_posting_and_editing_work_and_notifications_arrive_after(
    own_redis, municipality
):
    thread, follower, follower_client, author_client = await a_thread_with_author_and_follower(
        municipality
    )
    socket_before = await open_socket(follower_client)
    await socket_before.send_json_to({"type": "sync", "after": 0})
    last_seen = (await socket_before.receive_json_from(timeout=5))["unread"]
    assert last_seen == 0
    await socket_before.disconnect()

    own_redis.stop()

    started = time.monotonic()
    response = await sync_to_async(author_client.post)(
        f"/discussies/{thread.pk}/reageren/", {"body": "Bij ons zes weken."}
    )
    assert response.status_code == 302
    post = await sync_to_async(Post.objects.get)(thread=thread, body_source="Bij ons zes weken.")
    version = await sync_to_async(post.edits.count)()
    response = await sync_to_async(author_client.post)(
        f"/discussies/bericht/{post.pk}/bewerken/",
        {"body": "Bij ons vijf weken.", "version": version},
    )
    assert response.status_code == 302
    # Signed-in pages still open: the session comes from the database, the page is made afresh.
    page = await sync_to_async(author_client.get)("/agenda/")
    assert page.status_code == 200 and "Uitloggen" in page.text
    assert time.monotonic() - started < 10  # no hanging on the missing Redis
    post = await sync_to_async(Post.objects.get)(pk=post.pk)
    assert post.body_source == "Bij ons vijf weken."
    missed = await sync_to_async(Notification.objects.get)(recipient=follower)

    own_redis.start()

    socket_after = await open_socket(follower_client)
    await socket_after.send_json_to({"type": "sync", "after": 0})
    sync = await socket_after.receive_json_from(timeout=5)
    assert sync["unread"] == 1
    assert [n["id"] for n in sync["missed"]] == [missed.pk]
    assert "Wachttijden" in sync["missed"][0]["title"]

    # And with Redis back, the next reply arrives live again.
    await sync_to_async(author_client.post)(
        f"/discussies/{thread.pk}/reageren/", {"body": f"Nog iets {uuid.uuid4().hex[:6]}"}
    )
    live = await socket_after.receive_json_from(timeout=5)
    assert live["type"] == "notification" and live["unread"] == 2
    await socket_after.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_sockets_opened_while_redis_comes_back_connect_and_hear_the_next_reply(
    own_redis, municipality, caplog, monkeypatch
):
    """After a restart the process's one pub/sub connection is reconnected by whichever of its
    reader and an opening socket meets it first, and reconnecting reads Redis's handshake
    answers; the two must not read the connection at once. Redis is held still while it comes
    back (it accepts connections but answers nothing), so that the sockets' reconnect is waiting
    for its answer when the reader returns to the connection."""
    thread, _, follower_client, author_client = await a_thread_with_author_and_follower(
        municipality
    )
    watching = await open_socket(follower_client)  # the reader of the connection is running

    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 5)
    own_redis.stop()  # the reader meets the closed connection and waits a second to retry
    # A page meanwhile finds the cache down, so that opening sockets go without it for now.
    assert (await sync_to_async(author_client.get)("/agenda/")).status_code == 200
    own_redis.start()
    os.kill(own_redis.process.pid, signal.SIGSTOP)
    try:
        caplog.clear()
        opening = [asyncio.ensure_future(open_socket(follower_client)) for _ in range(3)]
        await asyncio.sleep(1.5)  # the reader retries meanwhile
    finally:
        os.kill(own_redis.process.pid, signal.SIGCONT)
    opened = await asyncio.gather(*opening)

    await sync_to_async(author_client.post)(
        f"/discussies/{thread.pk}/reageren/", {"body": "Bij ons zes weken."}
    )
    for socket_ in (watching, *opened):
        live = await socket_.receive_json_from(timeout=5)
        assert live["type"] == "notification" and live["unread"] == 1
        await socket_.disconnect()
    # Once Redis was back, nothing went wrong on the way (an error in the reader costs it a
    # second's pause, in which replies wait).
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures == []


PUBLIC_SEARCH = "/agenda/?q=Wachttijden"


async def signed_in_beside_a_cached_public_page():
    """A signed-in access worker's client, and a public agenda search that this worker's page
    cache holds (both tiers: Redis and the worker's own copy)."""
    person = await sync_to_async(UserFactory)(username="toegang", role=Role.ACCESS_STAFF)
    signed_in = await sync_to_async(logged_in)(person)
    await sync_to_async(published_item)(title="Wachttijden openbaar", visibility=Visibility.PUBLIC)
    await asgi_get(PUBLIC_SEARCH)
    assert (await asgi_get(PUBLIC_SEARCH))["header"]["x-page-cache"] == "hit"
    return signed_in


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_logout_and_a_change_made_while_redis_was_away_count_when_it_returns_with_old_data(
    own_redis, monkeypatch
):
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0.2)
    signed_in = await signed_in_beside_a_cached_public_page()
    old_cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    assert "Uitloggen" in (await sync_to_async(signed_in.get)("/agenda/")).text

    own_redis.stop(keep_data=True)

    assert (await sync_to_async(signed_in.post)("/account/uitloggen/")).status_code == 302
    await sync_to_async(published_item)(
        title="Wachttijden tweede punt", visibility=Visibility.PUBLIC
    )

    own_redis.start()  # with the session and the page cache as they were before the outage
    await asyncio.sleep(0.3)

    # The new item shows, on both tiers of the page cache, and the cache works again after.
    first = await asgi_get(PUBLIC_SEARCH)
    assert "Wachttijden tweede punt" in first["body"].decode()
    assert first["header"]["x-page-cache"] == "miss"
    assert (await asgi_get(PUBLIC_SEARCH))["header"]["x-page-cache"] == "hit"
    # The session that was logged out stays logged out, though Redis still held a copy of it.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    page = await sync_to_async(thief.get)("/agenda/")
    assert page.status_code == 200 and "Uitloggen" not in page.text


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_with_redis_hanging_a_page_waits_for_it_once_not_at_every_cache_read(
    own_redis, monkeypatch
):
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 5)
    signed_in = await signed_in_beside_a_cached_public_page()

    os.kill(own_redis.process.pid, signal.SIGSTOP)  # Redis accepts connections, answers nothing
    try:
        started = time.monotonic()
        page = await sync_to_async(signed_in.get)("/agenda/")
        signed_in_wait = time.monotonic() - started
        await asgi_get(PUBLIC_SEARCH)
        started = time.monotonic()
        anonymous = await asgi_get(PUBLIC_SEARCH)
        anonymous_wait = time.monotonic() - started
    finally:
        os.kill(own_redis.process.pid, signal.SIGCONT)
    # One second for the first cache read that gets no answer, then no more waiting.
    assert page.status_code == 200 and "Uitloggen" in page.text
    assert signed_in_wait < 3
    assert anonymous["status"] == 200 and "Wachttijden openbaar" in anonymous["body"].decode()
    assert anonymous_wait < 0.5


# The database going away ----------------------------------------------------------------------


def proposal_form(key, title="Afwijkingen van de matrix groeperen"):
    return {
        "kind": "voorstel",
        "title": title,
        "problem": "Wat vaak afwijkt, komt niet terug in de matrix.",
        "proposed_change": "Groepeer afwijkingen per kwartaal.",
        "domain": "beide",
        "submission_key": str(key),
    }


def admin_connection():
    """A connection to the test database beside Django's, to cut Django's from."""
    from django.db import connection

    return connect(connection.settings_dict["NAME"])


def assert_every_proposal_is_whole():
    """A stored proposal has its first status step and its author follows it: never half."""
    from discussions.models import Proposal, ProposalTransition
    from notifications.models import Follow

    for proposal in Proposal.objects.all():
        assert ProposalTransition.objects.filter(proposal=proposal).count() == 1, proposal
        assert Follow.objects.filter(user=proposal.author, object_id=proposal.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_connection_cut_in_the_middle_of_a_write_stores_nothing_and_asks_for_a_retry(provider):
    from discussions.models import Proposal

    client = Client(raise_request_exception=False)
    client.force_login(provider)
    key = uuid.uuid4()
    with cut_after_saving(Proposal):
        response = client.post("/voorstellen/nieuw/", proposal_form(key))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Probeer het over een paar seconden opnieuw" in response.content.decode()
    assert Proposal.objects.count() == 0

    again = client.post("/voorstellen/nieuw/", proposal_form(key))
    assert again.status_code == 302
    assert Proposal.objects.count() == 1
    assert_every_proposal_is_whole()


def cut_after_saving(model):
    """Cut this process's database connection right after the next row of `model` is written,
    inside its transaction: what a PostgreSQL restart does to its clients."""
    from contextlib import contextmanager

    from django.db import connection
    from django.db.models.signals import post_save

    def cut_the_connection(sender, instance, created, **kwargs):
        with admin_connection() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
            )

    @contextmanager
    def cutting():
        post_save.connect(cut_the_connection, sender=model)
        try:
            yield
        finally:
            post_save.disconnect(cut_the_connection, sender=model)

    return cutting()


@pytest.mark.django_db(transaction=True)
def test_the_api_says_retry_in_json_and_the_retry_stores_once(provider):
    from rest_framework.authtoken.models import Token

    from discussions.models import Proposal

    token = Token.objects.create(user=provider)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token.key}")
    body = {
        "kind": "signaal",
        "title": "Wachttijden zichtbaar",
        "problem": "Niemand ziet de wachttijd.",
        "domain": "jeugd",
        "submission_key": str(uuid.uuid4()),
    }
    with cut_after_saving(Proposal):
        response = client.post("/api/v1/proposals/", body, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["retryable"] is True
    assert Proposal.objects.count() == 0

    again = client.post("/api/v1/proposals/", body, content_type="application/json")
    assert again.status_code == 201
    assert Proposal.objects.count() == 1
    assert_every_proposal_is_whole()


@pytest.mark.django_db(transaction=True)
def test_under_load_a_database_restart_loses_nothing_and_stores_nothing_twice(
    provider, asgi_server
):
    """Eight clients submit proposals while every connection to the database is cut again and
    again. Each answer is a stored proposal or a clear "try again"; after retrying those with
    the same form key, every proposal is there exactly once and whole."""
    import threading

    import requests

    from discussions.models import Proposal

    session_client = Client()
    session_client.force_login(provider)
    cookies = {
        settings.SESSION_COOKIE_NAME: session_client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: "a" * 32,
    }
    submissions = [(uuid.uuid4(), f"Voorstel {n} onder belasting") for n in range(64)]
    answers = {}
    stop = threading.Event()

    def submit(chunk):
        with requests.Session() as http:
            http.cookies.update(cookies)
            for key, title in chunk:
                response = http.post(
                    f"{asgi_server}/voorstellen/nieuw/",
                    data={**proposal_form(key, title), "csrfmiddlewaretoken": "a" * 32},
                    allow_redirects=False,
                    timeout=30,
                )
                answers[key] = response

    def cut_connections():
        with admin_connection() as admin:
            own = admin.info.backend_pid
            while not stop.is_set():
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> %s "
                    "AND backend_type = 'client backend'",
                    [own],
                )
                time.sleep(0.02)

    from django.db import connection

    connection.close()  # this test's own connection would be cut too; it reconnects after
    cutter = threading.Thread(target=cut_connections)
    workers = [threading.Thread(target=submit, args=(submissions[i::8],)) for i in range(8)]
    cutter.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    stop.set()
    cutter.join()

    statuses = [r.status_code for r in answers.values()]
    assert set(statuses) <= {302, 503}, sorted(set(statuses))
    assert statuses.count(503) > 0, "the restarts never met a request"
    for response in answers.values():
        if response.status_code == 503:
            assert response.headers["Retry-After"] == "5"
            assert "Probeer het over een paar seconden opnieuw" in response.text

    with requests.Session() as http:
        http.cookies.update(cookies)
        for key, title in submissions:
            if answers[key].status_code == 503:
                retry = http.post(
                    f"{asgi_server}/voorstellen/nieuw/",
                    data={**proposal_form(key, title), "csrfmiddlewaretoken": "a" * 32},
                    allow_redirects=False,
                    timeout=30,
                )
                assert retry.status_code == 302

    titles = sorted(Proposal.objects.values_list("title", flat=True))
    assert titles == sorted(title for _, title in submissions)
    assert_every_proposal_is_whole()
