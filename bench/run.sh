#!/usr/bin/env bash
# Benchmarks against a production-like stack: PostgreSQL, Redis, the OpenSearch node and uvicorn
# with several workers, all on loopback in a throwaway directory. Run by hand, not in CI:
#   bench/run.sh            # 1× the base volume
#   bench/run.sh 1 10       # 1×, then grow to 10× and measure again; prints the growth ratios
# Environment: WORKERS (uvicorn workers, default 2), SOCKETS (default 1000), DURATION (wrk
# seconds per page, default 10), SEARCH_HEAP (OpenSearch heap, default 512m), PARTS (what to
# measure, default "pages search live moderation").
set -euo pipefail
cd "$(dirname "$0")/.."
scales=("${@:-1}")
WORKERS=${WORKERS:-2}
SOCKETS=${SOCKETS:-1000}
DURATION=${DURATION:-10}
PORT=${PORT:-8400}
PARTS=" ${PARTS:-pages search live moderation} "
measuring() { [[ "$PARTS" == *" $1 "* ]]; }

scripts/setup.sh bench
if ! command -v wrk >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "wrk ontbreekt (Debian: apt-get install wrk)" >&2; exit 1; }
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

source scripts/services.sh
source scripts/search-node.sh
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    server_pid=""
}
trap 'stop_server; search_node_stop; services_stop' EXIT
services_start
search_node_start "$SERVICES_DIR/search"

export DJANGO_SETTINGS_MODULE=platform_site.settings.bench
export SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(60))')
export ALLOWED_HOSTS=127.0.0.1,localhost
export SEARCH_INDEX=rgw-bench
manage() { .venv/bin/python manage.py "$@"; }

start_server() {
    # No per-message compression on WebSockets, as with daphne (README): live events are small,
    # and compressing each socket's copy cost ~7% of a worker's time in a fan-out to 1,000.
    .venv/bin/uvicorn platform_site.asgi:application --host 127.0.0.1 --port "$PORT" \
        --workers "$WORKERS" --ws-per-message-deflate false --no-access-log --log-level warning \
        >"$SERVICES_DIR/uvicorn.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    cat "$SERVICES_DIR/uvicorn.log" >&2
    return 1
}

echo "==> Database, demo-inhoud, statische bestanden"
manage migrate --no-input -v 0
manage load_demo_content --no-progress
manage collectstatic --no-input -v 0

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"
echo "==> Machine: $machine; uvicorn met $WORKERS workers"
current=0
for scale in "${scales[@]}"; do
    step=$(.venv/bin/python -c "print($scale - $current)")
    echo "==> Volume naar ${scale}× (erbij: ${step}×)"
    manage generate_volume --scale "$step"
    current=$scale
    # Live measures too: each post updates the search index, which should hold the volume.
    if measuring search || measuring live; then
        echo "==> Zoekindex opnieuw opbouwen"
        started=$SECONDS
        manage rebuild_search_index
        echo "    opgebouwd in $((SECONDS - started)) s"
    fi
    if measuring pages; then
        echo "==> Paginalaadtijd (wrk, 50 verbindingen, ${DURATION}s per pagina)"
        start_server
        .venv/bin/python bench/pages.py prepare --base "http://127.0.0.1:$PORT"
        stop_server
        start_server
        .venv/bin/python bench/pages.py measure --base "http://127.0.0.1:$PORT" --scale "$scale" --duration "$DURATION"
        stop_server
    fi
    if measuring search; then
        echo "==> Zoeken"
        .venv/bin/python bench/search.py --scale "$scale" --database-rounds 1
    fi
    if measuring moderation; then
        echo "==> Definitief wissen"
        .venv/bin/python bench/moderation.py --scale "$scale"
    fi
    if measuring live; then
        echo "==> Live meldingen"
        start_server
        .venv/bin/python bench/live.py --base "http://127.0.0.1:$PORT" --sockets "$SOCKETS" --scale "$scale"
        stop_server
    fi
done
if [ "${#scales[@]}" -gt 1 ]; then
    echo "==> Groei"
    .venv/bin/python bench/growth.py --low "${scales[0]}" --high "${scales[-1]}"
fi
echo "==> Resultaten in var/bench/ (machine: $machine)"
