"""Live notifications: N open WebSockets subscribed to one thread, then a post; the time until
every socket has it (p50/p99 over all deliveries, and how many were lost). Baseline: the same
clients on a bare broadcast server built on the `websockets` library (bench/bare_broadcast.py).

    python bench/live.py --base http://127.0.0.1:8400 --bare-port 8401 --sockets 1000 --scale 1
"""

import argparse
import asyncio
import json
import subprocess
import sys
import time

import websockets
from common import ROOT, save, setup_django, summary

CONNECT_AT_ONCE = 50


async def open_sockets(url, headers_for, count, subscribe=None):
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)

    async def one(n):
        async with gate:
            socket = await websockets.connect(
                url, additional_headers=headers_for(n), max_queue=None, open_timeout=60
            )
            if subscribe is not None:
                assert json.loads(await socket.recv())["type"] == "connected"
                await socket.send(json.dumps({"type": "subscribe", "thread": subscribe}))
                answer = json.loads(await socket.recv())
                assert answer["type"] == "subscribed", answer
            return socket

    return await asyncio.gather(*(one(n) for n in range(count)))


# Rounds sent first and not timed, for the platform and the bare server alike: the first post
# after a start pays one-time costs (a process's first event from the channel layer, the posting
# code's first use), and with 5 rounds one slow round is a fifth of all deliveries, all of p99.
WARM_UP_ROUNDS = 1


async def deliveries(sockets, send, match, rounds, timeout=10.0):
    """Per round: call send(round) and record, per socket, when the matching message came.
    Lost messages count in every round, the warm-up rounds too."""
    latencies, lost = [], 0
    for number in range(WARM_UP_ROUNDS + rounds):
        arrivals = {}

        async def listen(index, socket, number=number, arrivals=arrivals):
            while True:
                message = await socket.recv()
                if match(message, number):
                    arrivals[index] = time.perf_counter()
                    return

        listeners = [asyncio.create_task(listen(i, s)) for i, s in enumerate(sockets)]
        await asyncio.sleep(0.2)
        started = time.perf_counter()
        await send(number)
        done, pending = await asyncio.wait(listeners, timeout=timeout)
        for task in pending:
            task.cancel()
        lost += len(sockets) - len(arrivals)
        if number >= WARM_UP_ROUNDS:
            latencies += [(t - started) * 1000 for t in arrivals.values()]
        await asyncio.sleep(0.3)
    return latencies, lost


def _prepare(count):
    """Signed-in sessions for `count` generated people, and a thread to post in."""
    from common import session_cookie
    from django.contrib.auth import get_user_model

    from discussions import actions

    users = list(
        get_user_model()
        .objects.filter(username__startswith="vol-user-", is_active=True)
        .order_by("pk")
        .values_list("username", flat=True)[:count]
    )
    assert len(users) == count, f"maar {len(users)} gegenereerde gebruikers"
    poster = get_user_model().objects.get(username="toegang")
    thread = actions.start_thread(poster, "Live-meting", "Begin.")
    return [session_cookie(u) for u in users], poster, thread


async def platform(args):
    from asgiref.sync import sync_to_async

    from discussions import actions

    cookies, poster, thread = await sync_to_async(_prepare)(args.sockets)
    host = args.base.split("://", 1)[1]
    url = f"ws://{host}/ws/notifications/"
    started = time.perf_counter()
    sockets = await open_sockets(
        url,
        lambda n: {"Cookie": cookies[n], "Origin": args.base},
        args.sockets,
        subscribe=thread.pk,
    )
    print(f"  platform: {len(sockets)} sockets open in {time.perf_counter() - started:.1f} s")
    posted = {}

    async def send(number):
        post = await asyncio.to_thread(
            _post_in_thread, actions, poster, thread.pk, f"Bericht {number}"
        )
        posted[number] = post

    def match(message, number):
        data = json.loads(message)
        return data.get("type") == "post" and data.get("html", "").find(f"Bericht {number}") >= 0

    latencies, lost = await deliveries(sockets, send, match, args.rounds)
    for socket in sockets:
        await socket.close()
    return latencies, lost


def _post_in_thread(actions, poster, thread_id, text):
    from django.db import close_old_connections

    try:
        return actions.add_post(poster, thread_id, text)
    finally:
        close_old_connections()


async def bare(args):
    server = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "bench/bare_broadcast.py"), "--port", str(args.bare_port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout.readline().strip() == "READY"
    try:
        url = f"ws://127.0.0.1:{args.bare_port}/"
        started = time.perf_counter()
        sockets = await open_sockets(url, lambda n: {}, args.sockets)
        print(f"  kaal:     {len(sockets)} sockets open in {time.perf_counter() - started:.1f} s")
        publisher = await websockets.connect(url)

        async def send(number):
            await publisher.send(json.dumps({"type": "post", "html": f"<p>Bericht {number}</p>"}))

        def match(message, number):
            return f"Bericht {number}<" in message

        latencies, lost = await deliveries(sockets, send, match, args.rounds)
        await publisher.close()
        for socket in sockets:
            await socket.close()
        return latencies, lost
    finally:
        server.terminate()
        server.wait()


async def main(args):
    print(f"{args.sockets} sockets, {args.rounds} berichten (en eerst {WARM_UP_ROUNDS} ongeteld)")
    results = {}
    for name, runner in (("platform", platform), ("bare", bare)):
        latencies, lost = await runner(args)
        results[name] = {**summary(latencies), "lost": lost}
        print(
            f"  {name:9} p50 {results[name]['p50']:7.1f} ms   p99 {results[name]['p99']:7.1f} ms"
            f"   verloren {lost} van {args.sockets * (WARM_UP_ROUNDS + args.rounds)}"
        )
    ratio = results["platform"]["p99"] / results["bare"]["p99"]
    print(f"  platform p99 is {ratio:.1f}× de kale broadcast")
    save(
        "live",
        args.scale,
        {
            "sockets": args.sockets,
            "rounds": args.rounds,
            "warm_up_rounds": WARM_UP_ROUNDS,
            "results": results,
            "p99_ratio_to_bare": round(ratio, 2),
        },
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8400")
    parser.add_argument("--bare-port", type=int, default=8401)
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1)
    arguments = parser.parse_args()
    setup_django()
    asyncio.run(main(arguments))
