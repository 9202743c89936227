"""The baseline for live notifications: a bare broadcast server on the `websockets` library, no
Django, no Channels, no Redis. A client that sends a message has it sent to every other client.

    python bench/bare_broadcast.py --port 8401
"""

import argparse
import asyncio

import websockets

CLIENTS = set()


async def handler(socket):
    CLIENTS.add(socket)
    try:
        async for message in socket:
            websockets.broadcast(CLIENTS - {socket}, message)
    finally:
        CLIENTS.discard(socket)


async def main(port):
    async with websockets.serve(handler, "127.0.0.1", port, max_queue=None):
        print("READY", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8401)
    asyncio.run(main(parser.parse_args().port))
