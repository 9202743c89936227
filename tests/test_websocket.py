"""The notification socket through the full ASGI stack (origin check, session auth), on Redis."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings

from notifications.actions import group_event
from notifications.groups import user_group
from platform_site.asgi import application

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@sync_to_async
def session_cookie_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def communicator(cookie=None, origin=b"http://127.0.0.1:8000"):
    headers = [(b"origin", origin), (b"host", b"127.0.0.1:8000")]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


async def test_signed_in_user_connects_and_receives_events_for_them(access_worker):
    comm = communicator(await session_cookie_for(access_worker))
    connected, _ = await comm.connect()
    assert connected
    assert await comm.receive_json_from() == {"type": "connected", "user": "toegang"}

    await get_channel_layer().group_send(
        user_group(access_worker.pk), group_event({"type": "test", "text": "hallo"})
    )
    assert await comm.receive_json_from(timeout=5) == {"type": "test", "text": "hallo"}
    await comm.disconnect()


async def test_an_event_for_one_user_does_not_reach_another(access_worker, provider):
    worker = communicator(await session_cookie_for(access_worker))
    other = communicator(await session_cookie_for(provider))
    assert (await worker.connect())[0] and (await other.connect())[0]
    await worker.receive_json_from()
    await other.receive_json_from()

    await get_channel_layer().group_send(
        user_group(access_worker.pk), group_event({"type": "test"})
    )
    assert await worker.receive_json_from(timeout=5) == {"type": "test"}
    assert await other.receive_nothing(timeout=0.5)
    await worker.disconnect()
    await other.disconnect()


async def test_anonymous_socket_is_closed_with_4401():
    comm = communicator()
    connected, code = await comm.connect()
    assert not connected
    assert code == 4401


async def test_socket_from_a_foreign_origin_is_refused(access_worker):
    comm = communicator(await session_cookie_for(access_worker), origin=b"https://evil.example")
    connected, _ = await comm.connect()
    assert not connected


async def test_ping_gets_pong(access_worker):
    comm = communicator(await session_cookie_for(access_worker))
    await comm.connect()
    await comm.receive_json_from()
    await comm.send_json_to({"type": "ping"})
    assert await comm.receive_json_from() == {"type": "pong"}
    await comm.disconnect()
