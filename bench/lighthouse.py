"""Lighthouse (mobile preset) on the home page, a theme and a practice, served as in production.

Builds a throw-away SQLite demo, serves it with gunicorn under the production settings on 127.0.0.1, runs the npm
`lighthouse` pinned in bench/package.json with Debian's Chromium, writes bench/lighthouse.json and
bench/lighthouse.md, and stops every process it started. `make lighthouse` runs it.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from server import Server

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PY = str(ROOT / ".venv" / "bin" / "python")
PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
CHROME = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PAGES = {
    "accueil": "/",
    "thème": "/parcours-de-vie/le-logement/",
    "bonne pratique": "/bonnes-pratiques/un-chez-soi-d-abord/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LABELS = {
    "performance": "performance",
    "accessibility": "accessibilité",
    "best-practices": "bonnes pratiques",
    "seo": "référencement",
}


def main():
    lighthouse = BENCH / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        subprocess.run(
            ["npm", "install", "--prefix", str(BENCH), "--no-audit", "--no-fund", "--loglevel=error"],
            check=True,
            timeout=600,
        )
    if not Path(CHROME).exists():
        sys.exit(f"Chromium introuvable ({CHROME}) : apt-get install chromium, ou CHROMIUM_PATH=…")
    work = Path(tempfile.mkdtemp(prefix="lilith-lighthouse-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "DJANGO_SETTINGS_MODULE": "lilith.settings.dev",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
    }
    prod = {
        **env,
        "DJANGO_SETTINGS_MODULE": "lilith.settings.production",
        "DJANGO_SECRET_KEY": "lh-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "WEB_CONCURRENCY": "2",
        "PORT": str(PORT),
    }
    server = None
    scores, failing = {}, {}
    try:
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run(
                [PY, "manage.py", *command, "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=600,
            )
        subprocess.run(
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=prod,
            check=True,
            capture_output=True,
            timeout=600,
        )
        server = Server(prod, PORT)
        server.start()
        for name, path in PAGES.items():
            report = work / f"{len(scores)}.json"
            subprocess.run(
                [
                    str(lighthouse),
                    BASE + path,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                    "--form-factor=mobile",
                ],
                cwd=ROOT,
                env={**os.environ, "CHROME_PATH": CHROME},
                check=True,
                timeout=300,
            )
            data = json.loads(report.read_text(encoding="utf-8"))
            scores[name] = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
            failing[name] = sorted(
                f"{audit['id']} ({audit['score']})"
                for audit in data["audits"].values()
                if audit.get("score") is not None
                and audit["score"] < 1
                and audit.get("scoreDisplayMode") in ("binary", "numeric")
            )
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    (BENCH / "lighthouse.json").write_text(
        json.dumps({"scores": scores, "failing": failing}, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    version = json.loads((BENCH / "package.json").read_text())["dependencies"]["lighthouse"]
    lines = [
        "## Lighthouse",
        "",
        f"Commande : `make lighthouse` (Lighthouse {version}, profil mobile, Chromium Debian, réglages de production, "
        f"{time.strftime('%Y-%m-%d %H:%M')}).",
        "",
        "| page | " + " | ".join(LABELS[c] for c in CATEGORIES) + " |",
        "|---|" + "---|" * len(CATEGORIES),
    ]
    for name, by in scores.items():
        lines.append(f"| {name} | " + " | ".join(str(by[c]) for c in CATEGORIES) + " |")
    lines += [
        "",
        "Audits sous le maximum : "
        + "; ".join(f"{name} : {', '.join(items) if items else 'aucun'}" for name, items in failing.items()),
        "",
    ]
    (BENCH / "lighthouse.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if any(score < 95 for by in scores.values() for score in by.values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
