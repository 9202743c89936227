from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .groups import user_group

# Close codes in the 4000 range are ours: 4401 = not signed in.
CLOSE_UNAUTHENTICATED = 4401
MAX_THREAD_SUBSCRIPTIONS = 20


@database_sync_to_async
def _missed_notifications(user, after_id):
    from .models import Notification

    mine = Notification.objects.filter(recipient=user)
    unread = mine.unread().count()
    # after_id 0 is a page that knew of no notification yet: everything is new to it.
    missed = mine.filter(pk__gt=after_id).order_by("-pk")[:20] if after_id is not None else []
    return unread, [n.as_payload(unread) for n in reversed(list(missed))]


@database_sync_to_async
def _missed_posts(user, thread_id, after_id, language):
    from discussions.live import posts_after

    return posts_after(user, thread_id, after_id, language)


@database_sync_to_async
def _still_needs_second_factor(user, session):
    from accounts.second_factor import needs_second_factor

    return needs_second_factor(user, session)


def _as_int(value):
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """A signed-in user's socket: their personal group, plus the threads they have open.

    It forwards events and answers "what did I miss"; it decides nothing and writes nothing.
    The Origin header has been checked and the session resolved before this runs (asgi.py);
    a thread's group is joined only when the thread's visibility rule lets this user see it.
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if await _still_needs_second_factor(user, self.scope["session"]):
            # Password given, authenticator code not yet: not signed in as far as we are concerned.
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.groups_joined = [user_group(user.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "connected", "user": user.get_username()})

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "sync":
            after = content.get("after")
            unread, missed = await _missed_notifications(
                self.scope["user"], None if after is None else _as_int(after)
            )
            await self.send_json({"type": "sync", "unread": unread, "missed": missed})
        elif kind == "subscribe":
            await self.subscribe_thread(
                _as_int(content.get("thread")), content.get("after"), content.get("language")
            )

    async def subscribe_thread(self, thread_id, after, language=None):
        """Join the thread's group for the language of the page (its posts come rendered in it),
        after sending what the page missed."""
        from discussions.live import page_language, thread_group

        language = page_language(language)
        after_id = None if after is None else _as_int(after)
        missed = await _missed_posts(self.scope["user"], thread_id, after_id, language)
        if missed is None:
            await self.send_json({"type": "refused", "thread": thread_id})
            return
        group = thread_group(thread_id, language)
        if group not in self.groups_joined:
            if len(self.groups_joined) > MAX_THREAD_SUBSCRIPTIONS:
                await self.send_json({"type": "refused", "thread": thread_id})
                return
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.send_json({"type": "subscribed", "thread": thread_id})
        for payload in missed:
            await self.send_json(payload)

    async def dispatch(self, message):
        """Channels closes stale database connections before every message, through a hop to
        its one shared sync thread. A post to a thread with 1,000 open sockets made 1,000 such
        hops in a row, nine tenths of the fan-out time (bench/RESULTS.md). Forwarding an event
        touches no database, so it skips the hop; everything else goes the usual way, and the
        database reads above close stale connections in their own thread."""
        if message.get("type") == "notify":
            await self.notify(message)
        else:
            await super().dispatch(message)

    async def notify(self, event):
        """Forward an event sent to one of this socket's groups, JSON already (group_event)."""
        await self.send(text_data=event["text"])
