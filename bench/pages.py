"""Page load under 50 concurrent clients (wrk), against the same HTML served as a static file by
the same server: the practical limit. Also counts the SQL queries of each page, measures the
public agenda list while signed-in people load fresh lists at the same time, and Django's own
floor on this stack (the health check, anonymous and signed in).

    python bench/pages.py prepare --base http://127.0.0.1:8400
    (restart the server, so that it serves the static copies)
    python bench/pages.py measure --base http://127.0.0.1:8400 --scale 1
"""

import argparse
import json
import os
import shutil
import subprocess
import urllib.request
import uuid

from common import RESULTS_DIR, ROOT, save, session_cookie, setup_django

TARGETS_FILE = RESULTS_DIR / "page-targets.json"
# Part of every parameter that makes a request unique: without it, a second run within the
# shared cache's lifetime asked for the same `_n` values as the first and got its answers.
RUN = uuid.uuid4().hex[:8]
AGENDA_FILTERED = "/agenda/?status=in_uitvoering&domain=jeugd"


def targets():
    """The pages the issue names, and a few more people open every day, as they open them."""
    from agenda.models import AgendaItem
    from handbook.models import GuidancePage

    handbook = GuidancePage.objects.live().exclude(slug__startswith="vol-").order_by("pk").first()
    item = AgendaItem.objects.filter(code="2.1").first() or AgendaItem.objects.first()
    from handbook.models import HandbookIndexPage

    lead = session_cookie("projectleider")
    access = session_cookie("toegang")
    moderator = session_cookie("moderator")
    return {
        "handbook_page": {"path": handbook.url, "cookie": None},
        "agenda_list_filtered": {"path": AGENDA_FILTERED, "cookie": lead},
        # The same list made afresh for every request, as after any change to content: each
        # request asks with a parameter of its own, which no cache holds (report.lua).
        "agenda_list_uncached": {"path": AGENDA_FILTERED, "cookie": lead, "unique": True},
        # The same list as the public sees it (council, citizens, anyone not signed in): the
        # public items only, answered by the page cache in front of Django after the first visit.
        "agenda_list_public": {"path": AGENDA_FILTERED, "cookie": None},
        "item_page": {"path": item.get_absolute_url(), "cookie": lead},
        "dashboard": {"path": "/voortgang/", "cookie": lead},
        # Pages people open every day, signed in (bench/RESULTS.md, meting 30): the home page
        # with "Voor u", the handbook's index, the discussions and the proposals.
        "home_signed_in": {"path": "/", "cookie": lead},
        "handbook_index": {"path": HandbookIndexPage.objects.get().url, "cookie": access},
        "discussion_list": {"path": "/discussies/", "cookie": access},
        "proposal_list": {"path": "/voorstellen/", "cookie": moderator},
        # Ordered by a count each proposal keeps (Proposal.supporting_organisation_count).
        "proposal_list_support": {"path": "/voorstellen/?volgorde=steun", "cookie": moderator},
    }


def fetch(base, path, cookie):
    request = urllib.request.Request(base + path)  # noqa: S310 - loopback http
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        assert response.status == 200, (path, response.status)
        return response.read()


def count_queries(path, cookie, unique=False):
    """The queries of a repeat visit; with `unique`, of a visit no cache can answer."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    separator = "&" if "?" in path else "?"
    client.get(f"{path}{separator}_n={RUN}-count-1" if unique else path)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{path}{separator}_n={RUN}-count-2" if unique else path)
    return len(queries)


def prepare(args):
    from django.conf import settings

    static_dir = ROOT / settings.STATIC_ROOT / "bench"
    shutil.rmtree(static_dir, ignore_errors=True)
    static_dir.mkdir(parents=True)
    found = targets()
    for name, target in found.items():
        body = fetch(args.base, target["path"], target["cookie"])
        (static_dir / f"{name}.html").write_bytes(body)
        print(f"  {name:24} {len(body) / 1024:6.0f} kB  {target['path']}")
        target["static"] = f"{settings.STATIC_URL}bench/{name}.html"
        target["queries"] = count_queries(
            target["path"], target["cookie"], target.get("unique", False)
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    TARGETS_FILE.write_text(json.dumps(found, indent=2))
    print(f"{len(found)} pagina's klaargezet als statische kopie in {static_dir}")


def wrk(url, cookie, duration, connections, unique=False, threads=2, wait=True):
    """wrk's figures for `url`; with wait=False the running wrk, for `figures_of`."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",  # a slow page counts with its real time instead of dropping out after 2 s
        "-s",
        str(ROOT / "bench/report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    running = subprocess.Popen(  # noqa: S603 - wrk with fixed arguments
        [*command, url],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "WRK_UNIQUE": "1" if unique else "0", "WRK_RUN": RUN},
    )
    return figures_of(running) if wait else running


def figures_of(running):
    output, _ = running.communicate()
    if running.returncode:
        raise subprocess.CalledProcessError(running.returncode, running.args)
    return json.loads(output.strip().splitlines()[-1])


def measure(args):
    found = json.loads(TARGETS_FILE.read_text())
    results = {}
    print(
        f"{'pagina':24} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'SQL':>4} | "
        f"{'statisch':>8} {'p95':>6} | {'deel van statisch':>6}"
    )
    for name, target in found.items():
        fetch(args.base, target["static"], None)  # the server really serves the copy
        page = wrk(
            args.base + target["path"],
            target["cookie"],
            args.duration,
            args.connections,
            target.get("unique", False),
        )
        static = wrk(args.base + target["static"], None, args.duration, args.connections)
        ratio = page["rps"] / static["rps"] if static["rps"] else 0
        results[name] = {
            "page": page,
            "static": static,
            "share_of_static": round(ratio, 3),
            "queries": target["queries"],
            "path": target["path"],
        }
        print(
            f"{name:24} {page['rps']:8.0f} {page['p50']:7.1f} {page['p95']:7.1f} "
            f"{page['p99']:7.1f} {target['queries']:4d} | {static['rps']:8.0f} "
            f"{static['p95']:6.1f} | {ratio:6.0%}"
            + (
                f"  (fouten: {page['errors']}, niet-2xx: {page['non_2xx']})"
                if page["errors"] or page["non_2xx"]
                else ""
            )
        )
    mixed = mixed_load(args, found)
    floor = django_floor(args, found["agenda_list_filtered"]["cookie"])
    save(
        "pages",
        args.scale,
        {
            "connections": args.connections,
            "duration": args.duration,
            "results": results,
            "mixed": mixed,
            "django_floor": floor,
        },
    )


def mixed_load(args, found):
    """The public agenda list while signed-in people work: half the connections ask for lists
    made afresh, the other half for the public list at the same time. Anonymous pages answered
    in front of Django should stay fast while Django is busy (bench/RESULTS.md, meting 29)."""
    half = max(args.connections // 2, 1)
    fresh, public = found["agenda_list_uncached"], found["agenda_list_public"]
    running = [
        wrk(
            args.base + fresh["path"],
            fresh["cookie"],
            args.duration,
            half,
            unique=True,
            threads=1,
            wait=False,
        ),
        wrk(args.base + public["path"], None, args.duration, half, threads=1, wait=False),
    ]
    figures = dict(zip(("fresh_signed_in", "public"), map(figures_of, running), strict=True))
    print(f"Gemengd: {half} verbindingen verse lijst (ingelogd) en tegelijk {half} publieke lijst")
    for name, label in (("fresh_signed_in", "vers, ingelogd"), ("public", "publiek")):
        f = figures[name]
        print(f"  {label:22} {f['rps']:8.0f} {f['p50']:7.1f} {f['p95']:7.1f} {f['p99']:7.1f}")
    return figures


def django_floor(args, cookie):
    """What Django itself costs on this stack, without a page: the health check (all middleware,
    one `SELECT 1`), anonymous and with a signed-in session (+ session, user and second-factor
    lookups). No signed-in page can be faster than the second."""
    floor = {}
    print("Ondergrens: Django zonder pagina (/healthz, alle middleware, één SELECT 1)")
    for name, session in (("anonymous", None), ("signed_in", cookie)):
        figures = wrk(args.base + "/healthz", session, args.duration, args.connections)
        floor[name] = figures
        label = "ingelogd" if session else "anoniem"
        print(
            f"  {label:22} {figures['rps']:8.0f} {figures['p50']:7.1f} {figures['p95']:7.1f} "
            f"{figures['p99']:7.1f}"
        )
    return floor


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=["prepare", "measure"])
    parser.add_argument("--base", default="http://127.0.0.1:8400")
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    arguments = parser.parse_args()
    setup_django()
    {"prepare": prepare, "measure": measure}[arguments.step](arguments)
