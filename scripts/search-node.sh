#!/usr/bin/env bash
# Builds (once) and starts a single OpenSearch 2.19 node on loopback.
#   source scripts/search-node.sh; search_node_start DIR; ...; search_node_stop
# Needs Java 17+ and Maven (Debian: openjdk-17-jdk-headless, maven), installed if missing as root.

_search_node_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/ops/search-node"

search_node_build() {
    if ! command -v mvn >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || { echo "Java en Maven ontbreken." >&2; return 1; }
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
    fi
    local jar="$_search_node_dir/target/search-node-1.0.jar"
    if [ ! -f "$jar" ] || [ "$_search_node_dir/pom.xml" -nt "$jar" ] \
        || [ "$_search_node_dir/src/main/java/nl/rgw/search/SearchNode.java" -nt "$jar" ]; then
        echo "==> Zoekmachine (OpenSearch) bouwen met Maven"
        mvn -q -B -f "$_search_node_dir/pom.xml" package >/dev/null || return 1
    fi
}

search_node_start() {
    local dir=$1 port
    search_node_build || return 1
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    mkdir -p "$dir"
    java -Xms${SEARCH_HEAP:-512m} -Xmx${SEARCH_HEAP:-512m} -cp "$_search_node_dir/target/search-node-1.0.jar:$_search_node_dir/target/lib/*" \
        nl.rgw.search.SearchNode "$dir/data" "$port" >"$dir/search-node.log" 2>&1 &
    SEARCH_NODE_PID=$!
    for _ in $(seq 120); do
        grep -q READY "$dir/search-node.log" && break
        if ! kill -0 "$SEARCH_NODE_PID" 2>/dev/null; then
            tail -20 "$dir/search-node.log" >&2
            return 1
        fi
        sleep 1
    done
    grep -q READY "$dir/search-node.log" || { echo "OpenSearch startte niet" >&2; return 1; }
    export SEARCH_URL="http://127.0.0.1:$port"
    export SEARCH_NODE_PID
    echo "==> OpenSearch 2.19 op 127.0.0.1:$port"
}

search_node_stop() {
    [ -n "${SEARCH_NODE_PID:-}" ] || return 0
    kill "$SEARCH_NODE_PID" 2>/dev/null || true
    wait "$SEARCH_NODE_PID" 2>/dev/null || true
    unset SEARCH_NODE_PID
}
