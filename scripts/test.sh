#!/usr/bin/env bash
# `make test`: installs what the tests need, starts real PostgreSQL, Redis and OpenSearch servers
# on loopback in a throwaway directory, runs the whole pytest suite against them, and stops them.
# Extra arguments go to pytest, e.g. `make test ARGS="-k visibility"`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/services.sh
source scripts/search-node.sh
trap 'search_node_stop; services_stop' EXIT
services_start
search_node_start "$SERVICES_DIR/search"
export DJANGO_SETTINGS_MODULE=platform_site.settings.test
export CHROMIUM_PATH=${CHROMIUM_PATH:-$(command -v chromium)}
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
exit $status
