#!/usr/bin/env bash
# `make run`: the platform on the embedded default (SQLite, database search, in-memory channel
# layer) with demo content, served over HTTP and WebSocket by Daphne on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=platform_site.settings.embedded
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

scripts/setup.sh
py=.venv/bin/python

echo "==> Database bijwerken"
$py manage.py migrate --no-input --verbosity 0
echo "==> Statische bestanden verzamelen"
$py manage.py collectstatic --no-input --verbosity 0
echo "==> Demo-inhoud laden"
$py manage.py load_demo_content
$py manage.py rebuild_search_index --no-progress

cat <<MSG

  Het RGW-verbeterplatform draait op http://$HOST:$PORT/
  Beheer (Wagtail):               http://$HOST:$PORT/admin/
  Live meldingen (WebSocket):     ws://$HOST:$PORT/ws/notifications/

MSG
$py manage.py list_demo_accounts
echo "  Stoppen: Ctrl+C"
echo
exec .venv/bin/daphne -b "$HOST" -p "$PORT" platform_site.asgi:application
