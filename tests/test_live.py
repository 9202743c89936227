"""Live notifications and live threads over the real Redis channel layer, through the full ASGI
stack (origin check, session auth): what one user writes reaches the others' open sockets."""

import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from accounts.models import Role
from accounts.visibility import Visibility
from discussions import actions
from platform_site.asgi import application

from .factories import UserFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@sync_to_async
def session_cookie_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def connected(user):
    headers = [
        (b"origin", b"http://127.0.0.1:8000"),
        (b"host", b"127.0.0.1:8000"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={await session_cookie_for(user)}".encode()),
    ]
    comm = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    ok, _ = await comm.connect()
    assert ok
    assert (await comm.receive_json_from(timeout=5))["type"] == "connected"
    return comm


async def subscribe(comm, thread_id, after=None, **page):
    await comm.send_json_to({"type": "subscribe", "thread": thread_id, "after": after, **page})
    return await comm.receive_json_from(timeout=5)


@pytest.fixture
def colleague(municipality):
    return UserFactory(username="collega", organisation=municipality, role=Role.ACCESS_STAFF)


async def test_a_reply_reaches_the_followers_socket_with_the_unread_count(access_worker, colleague):
    thread = await sync_to_async(actions.start_thread)(access_worker, "Triage", "Hoe?")
    worker = await connected(access_worker)
    assert await subscribe(worker, thread.pk) == {"type": "subscribed", "thread": thread.pk}

    post = await sync_to_async(actions.add_post)(colleague, thread.pk, "Bij ons **anders**.")

    events = [await worker.receive_json_from(timeout=5) for _ in range(2)]
    by_type = {event["type"]: event for event in events}
    assert by_type["notification"]["unread"] == 1
    assert "reageerde in: Triage" in by_type["notification"]["title"]
    assert by_type["post"]["id"] == post.pk
    assert "<strong>anders</strong>" in by_type["post"]["html"]
    await worker.disconnect()


async def test_every_follower_gets_the_reply_with_their_own_unread_count(
    access_worker, colleague, municipality
):
    """One reply tells all followers at once; each count is that person's own."""
    from notifications.actions import set_following

    thread = await sync_to_async(actions.start_thread)(access_worker, "Triage", "Hoe?")
    third = await sync_to_async(UserFactory)(
        username="derde", organisation=municipality, role=Role.ACCESS_STAFF
    )
    await sync_to_async(set_following)(third, thread, True)
    await sync_to_async(actions.add_post)(colleague, thread.pk, "Eerst dit.")  # one unread each
    late = await sync_to_async(UserFactory)(
        username="later", organisation=municipality, role=Role.ACCESS_STAFF
    )
    await sync_to_async(set_following)(late, thread, True)  # follows from now: nothing unread
    sockets = {user.username: await connected(user) for user in (access_worker, third, late)}
    poster = await sync_to_async(UserFactory)(
        username="schrijver", organisation=municipality, role=Role.ACCESS_STAFF
    )

    await sync_to_async(actions.add_post)(poster, thread.pk, "En dan dit.")

    unread = {}
    for name, socket in sockets.items():
        event = await socket.receive_json_from(timeout=5)
        assert event["type"] == "notification" and "reageerde in: Triage" in event["title"]
        unread[name] = event["unread"]
        await socket.disconnect()
    assert unread == {"toegang": 2, "derde": 2, "later": 1}


async def test_a_post_goes_out_live_before_the_search_index_catches_up(
    access_worker, colleague, monkeypatch
):
    """After-commit work runs in order, and the post's search-index update takes tens of
    milliseconds with the engine: open copies of the thread get the post first. The index
    still catches up: the post is found."""
    from notifications import actions as notifying
    from search import service

    order = []

    def recording(name, func):
        def call(*args, **kwargs):
            order.append(name)
            return func(*args, **kwargs)

        return call

    monkeypatch.setattr(notifying, "send_to_groups", recording("live", notifying.send_to_groups))
    monkeypatch.setattr(service, "index_documents", recording("index", service.index_documents))
    thread = await sync_to_async(actions.start_thread)(access_worker, "Triage", "Hoe?")
    worker = await connected(access_worker)
    await subscribe(worker, thread.pk)
    order.clear()

    post = await sync_to_async(actions.add_post)(colleague, thread.pk, "Zeppelinvaart helpt")

    assert order[:2] == ["live", "index"]
    events = [await worker.receive_json_from(timeout=5) for _ in range(2)]
    assert [e["id"] for e in events if e["type"] == "post"] == [post.pk]
    found = await sync_to_async(service.search)("zeppelinvaart", access_worker)
    assert [hit["title"] for hit in found.hits] == ["Triage"]
    await worker.disconnect()


async def test_an_open_thread_gets_posts_in_the_language_of_its_page(access_worker, colleague):
    """The same thread open on a Dutch and an English page: each copy gets the edited post in
    its own language, live and when it asks what it missed; a language the platform does not
    have gets Dutch."""
    thread = await sync_to_async(actions.start_thread)(access_worker, "Triage", "Hoe?")
    post = await sync_to_async(actions.add_post)(colleague, thread.pk, "Eerste versie")
    dutch, english, unknown = [await connected(access_worker) for _ in range(3)]
    await subscribe(dutch, thread.pk)
    await subscribe(english, thread.pk, language="en")
    await subscribe(unknown, thread.pk, language=["en"])

    await sync_to_async(actions.edit_post)(colleague, post.pk, "Tweede versie", 0)

    for socket, word, other in [
        (dutch, "bewerkt", "edited"),
        (english, "edited", "bewerkt"),
        (unknown, "bewerkt", "edited"),
    ]:
        event = await socket.receive_json_from(timeout=5)
        assert event["type"] == "post_updated" and "Tweede versie" in event["html"]
        assert f">{word}</a>" in event["html"] and other not in event["html"]
        assert await socket.receive_nothing(timeout=0.2)  # one copy, not one per language
        await socket.disconnect()
    late = await connected(access_worker)
    await subscribe(late, thread.pk, after=0, language="en")
    missed = [await late.receive_json_from(timeout=5) for _ in range(2)]
    assert "/en/discussies/" in missed[-1]["html"] and ">edited</a>" in missed[-1]["html"]
    await late.disconnect()


async def test_someone_without_access_to_the_thread_receives_nothing(access_worker, provider):
    thread = await sync_to_async(actions.start_thread)(
        access_worker, "Intern", "Alleen gemeenten", visibility=Visibility.MUNICIPALITIES
    )
    outsider = await connected(provider)
    assert await subscribe(outsider, thread.pk) == {"type": "refused", "thread": thread.pk}

    await sync_to_async(actions.add_post)(access_worker, thread.pk, "Wat vindt @aanbieder?")

    assert await outsider.receive_nothing(timeout=1)
    await outsider.disconnect()


async def test_a_dropped_socket_gets_what_it_missed_on_reconnect(access_worker, colleague):
    thread = await sync_to_async(actions.start_thread)(access_worker, "Triage", "Hoe?")
    first = await sync_to_async(actions.add_post)(colleague, thread.pk, "Eerste")
    # What the page rendered: the newest notification it knows of (base.html carries it).
    last_seen = await sync_to_async(
        lambda: access_worker.notifications.order_by("-pk").values_list("pk", flat=True)[0]
    )()
    worker = await connected(access_worker)
    await worker.disconnect()  # the connection drops

    missed_post = await sync_to_async(actions.add_post)(colleague, thread.pk, "Terwijl u weg was")

    worker = await connected(access_worker)
    await worker.send_json_to({"type": "sync", "after": last_seen})
    sync = await worker.receive_json_from(timeout=5)
    assert sync["unread"] == 2
    (missed,) = sync["missed"]
    assert "reageerde in: Triage" in missed["title"] and missed["id"] > last_seen
    assert await subscribe(worker, thread.pk, after=first.pk) == {
        "type": "subscribed",
        "thread": thread.pk,
    }
    replay = await worker.receive_json_from(timeout=5)
    assert (replay["type"], replay["id"]) == ("post", missed_post.pk)
    assert "Terwijl u weg was" in replay["html"]
    await worker.disconnect()


async def test_a_new_proposal_raises_the_expert_teams_bell(provider, municipality):
    moderator = await sync_to_async(UserFactory)(
        username="moderator", organisation=municipality, role=Role.MODERATOR
    )
    bell = await connected(moderator)
    await sync_to_async(actions.submit_proposal)(
        provider,
        {"kind": "signaal", "title": "Wachttijd", "problem": "Lang", "domain": "jeugd"},
        uuid.uuid4(),
    )
    event = await bell.receive_json_from(timeout=5)
    assert (event["type"], event["unread"]) == ("notification", 1)
    assert event["title"] == "Nieuw signaal uit de praktijk: Wachttijd"
    await bell.disconnect()


async def test_a_post_erased_for_good_reaches_the_open_thread_as_erased(
    access_worker, colleague, municipality
):
    """Another member of the expert team has the thread open when a hidden post is erased: the
    page hears it, so it can drop "Weer tonen" for a text that is gone."""
    team = [
        await sync_to_async(UserFactory)(
            username=f"moderator{n}", organisation=municipality, role=Role.MODERATOR
        )
        for n in (1, 2)
    ]
    thread = await sync_to_async(actions.start_thread)(access_worker, "Triage", "Hoe?")
    post = await sync_to_async(actions.add_post)(colleague, thread.pk, "Mevrouw Jansen, Soest")
    await sync_to_async(actions.hide_post)(team[0], post.pk, "Naam van een inwoner")
    other = await connected(team[1])
    await subscribe(other, thread.pk)

    await sync_to_async(actions.erase_post)(team[0], post.pk)

    event = await other.receive_json_from(timeout=5)
    assert (event["type"], event["id"], event["hidden"], event["erased"]) == (
        "post_updated",
        post.pk,
        True,
        True,
    )
    assert "Naam van een inwoner" in event["html"] and "Jansen" not in event["html"]
    assert 'class="post post--hidden post--erased"' in event["html"]
    await other.disconnect()
