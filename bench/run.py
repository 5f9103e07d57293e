"""Benchmark driver: loopback only, bounded in time, stops every process it starts. See bench/run.sh and README.

1. Builds a throw-away PostgreSQL database: the demo, then `scale_demo --scale BENCH_SCALE` (default 1000).
2. Serves it with gunicorn under the production settings (2 sync workers, Redis cache) on 127.0.0.1.
3. Measures with wrk, for each page type: the static-file limit (the page's own HTML saved as a static file,
   same gunicorn + WhiteNoise), the page cached (10 and 50 connections) and uncached (1 and 10 connections).
4. Counts SQL queries per page (uncached, through Django's test client under the same settings).
5. Grows the registry to BENCH_SEARCH_PRACTICES practices (default 10,000) and measures search.
6. Writes bench/results.md.
"""

import json
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

import community_bench
import metrics_bench
from server import PrivateRedis, Server, flush_cache

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
SCALE = int(os.environ.get("BENCH_SCALE", "1000"))
SEARCH_PRACTICES = int(os.environ.get("BENCH_SEARCH_PRACTICES", "10000"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
TIME_LIMIT = int(os.environ.get("BENCH_TIME_LIMIT", "3600"))  # seconds for the whole run
DB = "lilith_bench"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PAGES = {
    "accueil": "/",
    "parcours": "/parcours-de-vie/",
    "thème": "/parcours-de-vie/le-logement/",
    "bonne pratique": "/bonnes-pratiques/un-chez-soi-d-abord/",
    "équipe d'appui": "/equipes-d-appui/psycom/",
    "liste des équipes": "/equipes-d-appui/",
    "actualités": "/actualites/",
}
SEARCHES = {
    "recherche (mot courant)": "/recherche/?q=logement",
    "recherche (mot rare)": "/recherche/?q=territoire+4242",
    "recherche (sans résultat)": "/recherche/?q=xylophone",
}
TARGETS = {"cached_ratio": 0.5, "cached_p99_ms": 50, "uncached_p50_ms": 40, "search_p50_ms": 100}


def run(cmd, env, timeout=1800):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, text=True, capture_output=True, timeout=timeout)


def psql(sql, db="postgres"):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qc", sql], check=True, capture_output=True
    )


def wrk(url, connections):
    threads = min(2, connections)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    total = int(errors.group(1)) if errors else 0
    if socket_errors:
        total += sum(int(x) for x in socket_errors.groups())
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "errors": total}


def html_sizes(url):
    """Bytes of the page as sent to wrk (plain) and to a browser that accepts gzip."""
    plain = len(urllib.request.urlopen(url).read())
    compressed = len(
        urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})).read()
    )
    return f"{plain} ({compressed})"


QUERY_COUNTER = """
import json
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
settings.PAGE_CACHE_ENABLED = False
setup_test_environment()
client, counts = Client(HTTP_HOST="127.0.0.1"), {}
for name, path in json.loads(%r).items():
    client.get(path)  # warm: menus and cards are built once per content generation
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[name] = len(queries) if status == 200 else None
print("COUNTS=" + json.dumps(counts))
"""


def mark(ok):
    return "atteint" if ok else "**manqué**"


def main():
    signal.signal(
        signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("durée maximale du banc dépassée"))
    )
    signal.alarm(TIME_LIMIT)
    redis = PrivateRedis(int(os.environ.get("BENCH_REDIS_PORT", "6391")))
    if not os.environ.get("BENCH_REDIS_URL"):
        redis.start()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "DJANGO_SETTINGS_MODULE": "lilith.settings.dev",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    # Scaled pages are indexed by scale_demo itself; their other background tasks are not needed here.
    scale_env = {**env, "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    static_root = Path(tempfile.mkdtemp(prefix="lilith-bench-static-"))
    prod = {
        **env,
        "DJANGO_SETTINGS_MODULE": "lilith.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL") or redis.url,
        "STATIC_ROOT": str(static_root),
        "WEB_CONCURRENCY": "2",
        "PORT": str(PORT),
    }
    server = Server(prod, PORT)
    scale_env_tasks = {"TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    results, queries, sizes, notes, hub_section = {}, {}, {}, [], ""
    try:
        psql(f"DROP DATABASE IF EXISTS {DB}")
        psql(f"CREATE DATABASE {DB}")
        started = time.time()
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "load_demo", "-v0"], env)
        print(
            run([PY, "manage.py", "scale_demo", "--scale", str(SCALE)], scale_env)
            .stdout.strip()
            .splitlines()[-1]
        )
        psql("ANALYZE", DB)  # what autovacuum does on a live database after a bulk load
        build_seconds = time.time() - started
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], prod)
        flush_cache(prod)

        # The static-file limit of each page: its own HTML served as a static file by the same gunicorn + WhiteNoise
        # (WhiteNoise indexes STATIC_ROOT when it starts, hence the restart).
        server.start()
        (static_root / "bench").mkdir(exist_ok=True)
        for n, (_name, path) in enumerate(PAGES.items()):
            (static_root / "bench" / f"page-{n}.html").write_bytes(urllib.request.urlopen(BASE + path).read())
        server.stop()
        flush_cache(prod)
        server.start()
        for n, (name, path) in enumerate(PAGES.items()):
            sizes[name] = html_sizes(BASE + path)
            results[name] = {
                f"{c} (fichier statique)": wrk(f"{BASE}/static/bench/page-{n}.html", c) for c in (10, 50)
            }
            results[name].update({f"{c} (cache)": wrk(BASE + path, c) for c in (10, 50)})
            # A query string bypasses the page cache: the page is rendered for every request.
            results[name].update(
                {f"{c} (sans cache)": wrk(BASE + path + "?sans-cache=1", c) for c in (1, 10)}
            )
        server.stop()
        page_index = list(PAGES).index("bonne pratique")
        counting = metrics_bench.measure(
            Server,
            prod,
            PORT,
            BASE,
            PAGES["bonne pratique"],
            f"/static/bench/page-{page_index}.html",
            run,
            PY,
            DURATION,
        )
        # « Échanger »: a logged-in member reading a practice page, and the discussion pages (bench/community_bench.py).
        community_results, community_lines = community_bench.measure(
            server, BASE, static_root, prod, DURATION
        )
        results.update(community_results)
        notes += ["", "Échanger :", "", "| objectif | mesure | résultat |", "|---|---|---|", *community_lines]
        out = run(
            [PY, "manage.py", "shell", "-c", QUERY_COUNTER % json.dumps({**PAGES, **SEARCHES})], prod
        ).stdout
        queries = json.loads(out.split("COUNTS=")[1])
        # The PositiveHub at the size of a real call (bench/hub_bench.py), on the same database and settings.
        hub_section = run([PY, "bench/hub_bench.py"], {**prod, **scale_env_tasks}, timeout=1800).stdout

        # Search on a registry of SEARCH_PRACTICES practices.
        grow = time.time()
        print(
            run(
                [PY, "manage.py", "scale_demo", "--scale", str(SCALE), "--practices", str(SEARCH_PRACTICES)],
                scale_env,
                timeout=3000,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        psql("ANALYZE", DB)
        grow_seconds = time.time() - grow
        server.start()
        for name, path in SEARCHES.items():
            sizes[name] = html_sizes(BASE + path)
            results[name] = {f"{c} (sans cache)": wrk(BASE + path, c) for c in (1, 10)}
        server.stop()
    finally:
        signal.alarm(0)
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
        redis.stop()
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"],
            capture_output=True,
        )

    def ratio_of(name, key):
        static = results[name].get(key.replace("(cache)", "(fichier statique)"))
        return results[name][key]["rps"] / static["rps"] if static and "(cache)" in key else None

    css = (ROOT / "static/css/site.css").stat().st_size
    js = (ROOT / "static/js/site.js").stat().st_size
    lines = [
        "# Mesures de performance",
        "",
        f"Commande : `make bench` (BENCH_SCALE={SCALE}, wrk {DURATION} par mesure, gunicorn 2 workers synchrones, "
        f"réglages de production, cache Redis, PostgreSQL, DEBUG désactivé). Machine : {os.cpu_count()} cœurs. "
        f"Date : {time.strftime('%Y-%m-%d %H:%M')}.",
        f"Contenu : la démonstration plus {SCALE} pratiques (les cinq niveaux), {SCALE // 5} équipes d'appui et "
        f"{2 * SCALE} actualités, construits en {build_seconds:.0f} s ; la recherche est mesurée ensuite sur "
        f"{SEARCH_PRACTICES} pratiques (croissance en {grow_seconds:.0f} s).",
        "",
        "Colonnes : *connexions* = connexions simultanées de wrk ; *cache* = lecteur anonyme servi par le cache de "
        "pages ; *fichier statique* = le même HTML enregistré comme fichier statique et servi par le même gunicorn + "
        "WhiteNoise (la limite pratique) ; *sans cache* = la page est calculée à chaque requête (adresse avec un "
        "paramètre) ; *rapport* = débit de la page en cache divisé par celui de son fichier statique au même nombre "
        "de connexions ; *requêtes SQL* = requêtes pour calculer "
        "la page une fois (sans cache) ; *HTML* = octets de la page, entre parenthèses compressée pour un navigateur "
        "qui accepte gzip.",
        "",
        "| page | connexions | requêtes/s | p50 (ms) | p99 (ms) | erreurs | rapport à la limite | requêtes SQL | HTML (octets, gzip) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, by_conn in results.items():
        for key, r in by_conn.items():
            ratio = ratio_of(name, key)
            ratio = f"{ratio:.2f}" if ratio is not None else ""
            lines.append(
                f"| {name} | {key} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} | "
                f"{ratio} | {queries.get(name) or ''} | {sizes.get(name, '')} |"
            )
    cached = [(n, k, r) for n, by in results.items() if n in PAGES for k, r in by.items() if "(cache)" in k]
    worst_ratio = min(ratio_of(n, k) for n, k, _ in cached)
    worst_p99 = max(r["p99"] for _, k, r in cached if k.startswith("50"))
    worst_uncached = max(
        r["p50"] for n, by in results.items() if n in PAGES for k, r in by.items() if k == "1 (sans cache)"
    )
    worst_search = max(
        r["p50"] for n, by in results.items() if n in SEARCHES for k, r in by.items() if k == "1 (sans cache)"
    )
    lines += [
        "",
        "## Objectifs",
        "",
        "| objectif | mesure la moins bonne | résultat |",
        "|---|---|---|",
        f"| pages en cache : au moins 50 % du débit du fichier statique | {worst_ratio:.2f} | {mark(worst_ratio >= TARGETS['cached_ratio'])} |",
        f"| pages en cache : p99 sous 50 ms à 50 connexions | {worst_p99:.1f} ms | {mark(worst_p99 < TARGETS['cached_p99_ms'])} |",
        f"| sans cache : p50 sous 40 ms à l'échelle {SCALE} (1 connexion) | {worst_uncached:.1f} ms | {mark(worst_uncached < TARGETS['uncached_p50_ms'])} |",
        f"| recherche sur {SEARCH_PRACTICES} pratiques : p50 sous 100 ms (1 connexion) | {worst_search:.1f} ms | {mark(worst_search < TARGETS['search_p50_ms'])} |",
        "",
        f"CSS : {css} octets (non compressé), JS : {js} octets.",
        *notes,
        *metrics_bench.report(*counting),
        "",
    ]
    lines += [hub_section, ""]
    lighthouse = ROOT / "bench" / "lighthouse.md"
    if lighthouse.exists():
        lines += [lighthouse.read_text(encoding="utf-8"), ""]
    (ROOT / "bench" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
