"""Benchmark driver (loopback only, bounded in time; stops every process it starts). See bench/run.sh."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
SCALE = int(os.environ.get("BENCH_SCALE", "200"))
DB = "lilith_bench"
PORT = 8765
DURATION = os.environ.get("BENCH_DURATION", "5s")
BASE = f"http://127.0.0.1:{PORT}"


def run(cmd, env, **kw):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, text=True, capture_output=True, **kw)


def wrk(url, connections):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{DURATION}", "--latency", url],
                         capture_output=True, text=True, timeout=120).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    total_errors = int(errors.group(1)) if errors else 0
    if socket_errors:
        total_errors += sum(int(x) for x in socket_errors.groups())
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "errors": total_errors}


def main():
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}", "DJANGO_SETTINGS_MODULE": "lilith.settings.dev"}
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
    started = time.time()
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "load_demo", "-v0"], env)
    run([PY, "manage.py", "scale_demo", "--scale", str(SCALE)], env, timeout=1800)
    build_seconds = time.time() - started
    static_root = Path(tempfile.mkdtemp(prefix="lilith-bench-static-"))
    prod = {**env, "DJANGO_SETTINGS_MODULE": "lilith.settings.production", "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "false",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"), "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING", "WEB_CONCURRENCY": "2", "PORT": str(PORT)}
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], prod)
    subprocess.run(["redis-cli", "-n", "5", "flushdb"], capture_output=True)

    def start():
        process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "lilith.wsgi:application", "-c", "gunicorn.conf.py",
                                    "-b", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null"],
                                   cwd=ROOT, env=prod, start_new_session=True)
        for _ in range(60):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=2)
                return process
            except OSError:
                time.sleep(0.5)
        return process

    def stop(process):
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    # The static-file limit: the home page's own HTML, served by the same gunicorn + WhiteNoise (which indexes
    # STATIC_ROOT when it starts, hence the restart).
    gunicorn = start()
    home_html = urllib.request.urlopen(BASE + "/").read()
    stop(gunicorn)
    (static_root / "bench").mkdir(exist_ok=True)
    (static_root / "bench" / "page.html").write_bytes(home_html)
    subprocess.run(["redis-cli", "-n", "5", "flushdb"], capture_output=True)
    gunicorn = start()
    try:
        pages = {
            "accueil": "/",
            "parcours": "/parcours-de-vie/",
            "thème": "/parcours-de-vie/le-logement/",
            "bonne pratique": "/bonnes-pratiques/un-chez-soi-d-abord/",
            "équipe d'appui": "/equipes-d-appui/psycom/",
            "actualités": "/actualites/",
            "recherche (mot courant)": "/recherche/?q=logement",
            "recherche (sans résultat)": "/recherche/?q=xylophone",
        }
        results = {"fichier statique (limite)": {c: wrk(BASE + "/static/bench/page.html", c) for c in (10, 50)}}
        limit = {c: results["fichier statique (limite)"][c]["rps"] for c in (10, 50)}
        sizes = {}
        for name, path in pages.items():
            body = urllib.request.urlopen(BASE + path).read()
            sizes[name] = len(body)
            results[name] = {c: wrk(BASE + path, c) for c in (10, 50)}
            if "?" not in path:
                results[name + " — sans cache"] = {10: wrk(BASE + path + "?sans-cache=1", 10)}
    finally:
        stop(gunicorn)
        shutil.rmtree(static_root, ignore_errors=True)
    css = (ROOT / "static/css/site.css").stat().st_size
    js = (ROOT / "static/js/site.js").stat().st_size
    lines = [
        "# Mesures de performance", "",
        f"Commande : `make bench` (BENCH_SCALE={SCALE}, wrk {DURATION} par mesure, gunicorn 2 workers, réglages de production, "
        f"cache Redis, PostgreSQL). Machine : {os.cpu_count()} cœurs. Date : {time.strftime('%Y-%m-%d %H:%M')}.",
        f"Contenu : {SCALE} pratiques d'échelle en plus de la démonstration, {SCALE // 5} équipes, {2 * SCALE} actualités "
        f"(construit en {build_seconds:.0f} s).", "",
        "| page | connexions | requêtes/s | p50 (ms) | p99 (ms) | erreurs | rapport à la limite | HTML (octets) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, by_conn in results.items():
        for c, r in by_conn.items():
            ratio = r["rps"] / limit[c] if limit.get(c) else 0
            lines.append(f"| {name} | {c} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} | {ratio:.2f} | {sizes.get(name, '')} |")
    lines += ["", f"CSS : {css} octets (non compressé), JS : {js} octets.", ""]
    (ROOT / "bench" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"])


if __name__ == "__main__":
    main()
