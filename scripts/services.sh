#!/usr/bin/env bash
# Starts a throwaway PostgreSQL and Redis on loopback for the test suite, installs them from
# Debian's packages if they are missing, and prints the environment to use them.
#   source scripts/services.sh; services_start; ...; services_stop
# Everything lives in one temporary directory that services_stop removes.

_need_root_for() {
    echo "Kan $1 niet installeren: draai als root of installeer de Debian-pakketten: $2" >&2
    return 1
}

_apt_install() {
    if [ "$(id -u)" != 0 ]; then _need_root_for "$1" "$*"; return 1; fi
    echo "==> Installeren uit Debian: $*"
    if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq; _APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

_pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

services_ensure_installed() {
    [ -n "$(_pg_bindir)" ] || _apt_install postgresql
    command -v redis-server >/dev/null 2>&1 || _apt_install redis-server
    command -v chromium >/dev/null 2>&1 || _apt_install chromium
}

services_start() {
    services_ensure_installed
    SERVICES_DIR=$(mktemp -d /tmp/rgw-services.XXXXXX)
    chmod 755 "$SERVICES_DIR"
    mkdir -p "$SERVICES_DIR/search"
    local bindir pg_port redis_port run_as=()
    bindir=$(_pg_bindir)
    pg_port=$(_free_port)
    redis_port=$(_free_port)

    # PostgreSQL refuses to run as root; use the postgres system account then.
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        chown postgres "$SERVICES_DIR"
        run_as=(runuser -u postgres --)
    fi
    "${run_as[@]}" "$bindir/initdb" -D "$SERVICES_DIR/pg" -U rgw --auth=trust -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1 \
        || { cat "$SERVICES_DIR/initdb.log" >&2; return 1; }
    "${run_as[@]}" "$bindir/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $SERVICES_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
        || { cat "$SERVICES_DIR/pg.log" >&2; return 1; }
    "${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$pg_port" -U rgw rgw

    redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
        --dir "$SERVICES_DIR" --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" \
        --logfile "$SERVICES_DIR/redis.log"
    for _ in $(seq 50); do
        redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done

    export DATABASE_URL="postgres://rgw@127.0.0.1:$pg_port/rgw"
    export REDIS_URL="redis://127.0.0.1:$redis_port/0"
    export SERVICES_DIR PG_BINDIR="$bindir" PG_RUN_AS="${run_as[*]}"
    echo "==> PostgreSQL op 127.0.0.1:$pg_port, Redis op 127.0.0.1:$redis_port (map $SERVICES_DIR)"
}

services_stop() {
    [ -n "${SERVICES_DIR:-}" ] && [ -d "$SERVICES_DIR" ] || return 0
    if [ -f "$SERVICES_DIR/redis.pid" ]; then
        kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true
    fi
    $PG_RUN_AS "$PG_BINDIR/pg_ctl" -D "$SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$SERVICES_DIR"
    unset SERVICES_DIR
}
