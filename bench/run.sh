#!/usr/bin/env bash
# make bench: scale the demo on a throw-away PostgreSQL database, serve it with gunicorn (production settings) on
# loopback, measure each page type with wrk against a static file served by the same stack; write bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk manquant : apt-get install wrk"; exit 1; }
exec .venv/bin/python bench/run.py "$@"
