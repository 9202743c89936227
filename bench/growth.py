"""Growth: each benchmark's figures at 1× and at 10× the data, and the ratio (target ≤ 1.5×).

python bench/growth.py [--low 1] [--high 10]
"""

import argparse
import json

from common import RESULTS_DIR


def load(name, scale):
    path = RESULTS_DIR / f"{name}-x{scale:g}.json"
    return json.loads(path.read_text()) if path.exists() else None


def seconds(page):
    """Seconds per 1,000 requests at the measured throughput."""
    return 1000 / page["rps"] if page["rps"] else float("inf")


def main(args):
    rows = []
    pages = (load("pages", args.low), load("pages", args.high))
    if all(pages):
        for name, low in pages[0]["results"].items():
            high = pages[1]["results"][name]
            rows.append((f"{name} p95", low["page"]["p95"], high["page"]["p95"]))
            # Throughput the other way round: the time per request grows as req/s falls.
            rows.append((f"{name} s/1000 req", seconds(low["page"]), seconds(high["page"])))
            rows.append((f"{name} SQL", low["queries"], high["queries"]))
    search = (load("search", args.low), load("search", args.high))
    if all(search):
        for backend in ("engine", "engine cold", "database"):
            if not all(backend in part["results"] for part in search):
                continue  # measured before this line was there
            rows.append(
                (
                    f"zoeken {backend} p95",
                    search[0]["results"][backend]["p95"],
                    search[1]["results"][backend]["p95"],
                )
            )
    moderation = (load("moderation", args.low), load("moderation", args.high))
    if all(moderation):
        for name in ("oudste", "nieuwste"):
            rows.append(
                (
                    f"wissen {name} p95",
                    moderation[0]["results"][name]["erase"]["p95"],
                    moderation[1]["results"][name]["erase"]["p95"],
                )
            )
    live = (load("live", args.low), load("live", args.high))
    if all(live):
        rows.append(
            (
                "live p99",
                live[0]["results"]["platform"]["p99"],
                live[1]["results"]["platform"]["p99"],
            )
        )
    if not rows:
        print(f"Geen resultaten voor {args.low}× en {args.high}× in {RESULTS_DIR}.")
        return
    print(f"{'meting':32} {str(args.low) + '×':>9} {str(args.high) + '×':>9} {'verhouding':>10}")
    for name, low, high in rows:
        ratio = high / low if low else (1.0 if high == low else float("inf"))
        flag = "" if ratio <= 1.5 else "  > 1,5×"
        print(f"{name:32} {low:9.1f} {high:9.1f} {ratio:9.2f}×{flag}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--low", type=float, default=1)
    parser.add_argument("--high", type=float, default=10)
    main(parser.parse_args())
