#!/usr/bin/env bash
# make bench: Lighthouse on three pages (bench/lighthouse.py), then the load benchmark (bench/run.py) on a
# throw-away PostgreSQL database; both write into bench/. Loopback only; every process started is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installation de wrk (paquet Debian)…"; apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "wrk manquant : sudo apt-get install wrk"; exit 1
  fi
fi
command -v npm >/dev/null || { echo "npm manquant (pour Lighthouse) : sudo apt-get install nodejs npm"; exit 1; }
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL ne répond pas sur 127.0.0.1:5432 (utilisateur postgres)"; exit 1; }
.venv/bin/python bench/lighthouse.py || echo "Lighthouse : un score est sous 95 (voir bench/lighthouse.md)"
exec .venv/bin/python bench/run.py "$@"
