#!/usr/bin/env bash
# Makes sure a Chromium is there for the browser tests: CHROMIUM_PATH, /usr/bin/chromium,
# else Debian's package (as root), else Playwright's own download.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then exit 0; fi
if [ -x /usr/bin/chromium ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installation de Chromium (paquet Debian)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && exit 0
fi
echo "Chromium absent : téléchargement du navigateur de Playwright…"
.venv/bin/python -m playwright install chromium
