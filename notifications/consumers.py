from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .groups import user_group

# Close codes in the 4000 range are ours: 4401 = not signed in.
CLOSE_UNAUTHENTICATED = 4401


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """A signed-in user's personal channel. It forwards events; it decides nothing.

    The Origin header has been checked and the session resolved before this runs (asgi.py).
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
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
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def notify(self, event):
        """Forward an event sent to one of this socket's groups."""
        await self.send_json(event["payload"])
