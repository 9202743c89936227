#!/usr/bin/env bash
# Installs what the platform needs into the checkout: a virtual environment with the Python
# dependencies (extras as arguments, e.g. `setup.sh test`) and the NL Design System CSS from npm.
# Safe to run again: it only does work when pyproject.toml or package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
extras=${1:-}
mkdir -p var

if [ ! -x .venv/bin/python ]; then
    echo "==> Virtuele omgeving maken (.venv)"
    "$PYTHON" -m venv .venv
fi

stamp="var/.installed-python${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "==> Python-pakketten installeren${extras:+ (met: $extras)}"
    .venv/bin/python -m pip install --quiet --upgrade pip
    if [ -n "$extras" ]; then
        .venv/bin/python -m pip install --quiet -e ".[$extras]"
    else
        .venv/bin/python -m pip install --quiet -e .
    fi
    touch "$stamp"
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "npm ontbreekt: installeer Node.js (Debian: apt-get install nodejs npm)." >&2
    exit 1
fi
if [ ! -d node_modules/@utrecht ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> NL Design System CSS installeren (npm)"
    npm ci --no-audit --no-fund --loglevel=error
fi

# Only the two stylesheets the site uses are copied into static; the packages stay in node_modules.
vendor=var/vendor-static/utrecht
mkdir -p "$vendor/components" "$vendor/tokens"
cp node_modules/@utrecht/component-library-css/dist/index.css "$vendor/components/index.css"
cp node_modules/@utrecht/design-tokens/dist/index.css "$vendor/tokens/index.css"
