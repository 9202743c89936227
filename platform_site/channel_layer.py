"""The Redis pub/sub channel layer, with the reads of its one subscriber connection taken in turn.

channels_redis keeps one pub/sub connection per Redis host and process. A background task reads
it (`get_message`) while a socket that opens subscribes on it. Sending a subscribe reads nothing,
so the two do not meet while Redis is up; but after Redis restarts, whichever of them finds the
connection closed first reconnects, and reconnecting reads the server's handshake answers. If the
other one is reading at that moment, asyncio refuses the second reader ("readuntil() called while
another coroutine is already waiting") and the socket that was opening fails, or the reader loses
a second. Here the reader and the subscribers take turns on a lock of their own: a subscriber
waits at most one read interval (0.1 s) for the reader. Publishing uses the other, pooled
connections and does not wait."""

import asyncio

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
    logger,
)
from channels_redis.utils import _wrap_close, decode_hosts

READ_INTERVAL = 0.1


class TurnTakingShardConnection(RedisSingleShardConnection):
    def __init__(self, host, channel_layer):
        super().__init__(host, channel_layer)
        self._reading = asyncio.Lock()

    async def subscribe(self, channel):
        async with self._reading:
            await super().subscribe(channel)

    async def unsubscribe(self, channel):
        async with self._reading:
            await super().unsubscribe(channel)

    async def _do_receiving(self):
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    async with self._reading:
                        message = await self._pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=READ_INTERVAL
                        )
                    self._receive_message(message)
                else:
                    await asyncio.sleep(READ_INTERVAL)
            except Exception:  # a cancel passes; a timeout does not end the reader
                logger.exception("Lezen van Redis pub/sub mislukt; nieuwe poging over een seconde")
                await asyncio.sleep(1)


class TurnTakingLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, hosts=None, *args, **kwargs):
        super().__init__(hosts, *args, **kwargs)
        self._shards = [TurnTakingShardConnection(host, self) for host in decode_hosts(hosts)]


class PubSubChannelLayer(RedisPubSubChannelLayer):
    """channels_redis's pub/sub layer, with one layer per event loop as there, built on the
    turn-taking shard connection above."""

    def _get_layer(self):
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = TurnTakingLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
            return layer
