"""Erasing a post for good (AVG) at the volume in the database: how long the expert team waits
for discussions.actions.erase_post, which looks for copies of the post quoted in every later
post of other threads (one in five posts of the volume quotes). The oldest posts are the worst
case (every post after them is read), the newest the common one. Each erasure runs in a
transaction that is rolled back, so the data stays as it was.

    python bench/moderation.py --scale 1 [--rounds 10]
"""

import argparse
import tempfile
import time
from pathlib import Path

from common import save, setup_django, summary


class RolledBack(Exception):
    pass


def erase_once(moderator, post):
    """Milliseconds for the whole erasure, and for the scan of other threads within it."""
    from django.db import transaction

    from discussions import actions

    scan = actions._quoting_elsewhere
    scanned = []

    def timed_scan(*args):
        started = time.perf_counter()
        found = scan(*args)
        scanned.append((time.perf_counter() - started) * 1000)
        return found

    actions._quoting_elsewhere = timed_scan
    try:
        with transaction.atomic():
            actions.hide_post(moderator, post.pk, "Benchmark")
            started = time.perf_counter()
            actions.erase_post(moderator, post.pk)
            elapsed = (time.perf_counter() - started) * 1000
            raise RolledBack
    except RolledBack:
        pass
    finally:
        actions._quoting_elsewhere = scan
    return elapsed, scanned[0]


def main(args):
    setup_django()
    from django.conf import settings

    from accounts.models import User
    from discussions.models import Post

    settings.ERASURE_REGISTER = Path(tempfile.mkdtemp()) / "wisregister.jsonl"
    moderator = User.objects.get(username="moderator")
    posts = Post.objects.filter(erased_at__isnull=True, hidden_at__isnull=True)
    total = posts.count()
    quoting = posts.filter(body_source__contains=">").count()
    print(f"  {total} berichten, waarvan {quoting} met een citaat")
    results = {"posts": total, "quoting": quoting}
    # Oldest and newest as stored: the volume's dates are made up, the order of storing is not.
    for name, order in (("oudste", "pk"), ("nieuwste", "-pk")):
        chosen = list(posts.order_by(order)[: args.rounds])
        whole, scan = zip(*(erase_once(moderator, post) for post in chosen), strict=True)
        results[name] = {"erase": summary(whole), "scan": summary(scan)}
        print(
            f"  wissen, {name} berichten: p50 {results[name]['erase']['p50']} ms, "
            f"p95 {results[name]['erase']['p95']} ms "
            f"(andere discussies doorzoeken: p95 {results[name]['scan']['p95']} ms)"
        )
    save("moderation", args.scale, {"scale": args.scale, "results": results})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--rounds", type=int, default=10)
    main(parser.parse_args())
