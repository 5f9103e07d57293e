"""« Échanger » in `make bench`: a logged-in member reading a practice page, and the discussion pages.

Called by bench/run.py once the registry's pages are measured (`measure(...)`), or alone on a small database:
`.venv/bin/python bench/community_bench.py` (the demo only, a throw-away PostgreSQL database, loopback only).

A logged-in member reads the same cached copy as an anonymous reader (the reader cookie, pagecache/middleware.py);
what depends on them is a small fragment, `/communaute/moi/?pratique=<id>`, fetched by community/member.js and
measured on its own. Each page is compared with its own HTML served as a static file by the same server.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from server import flush_cache

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
PRACTICE = "/bonnes-pratiques/un-chez-soi-d-abord/"
MEMBER = ("Démo – Lina", "demo-lilith-2026")  # a demo member of load_community_demo
TARGET_RATIO = 0.5


def wrk(url: str, connections: int, duration: str, cookie: str = "") -> dict:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, timeout=120).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p: int) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "errors": int(errors.group(1)) if errors else 0}


def _cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


def log_in(base: str, username: str, password: str) -> str:
    """Log in through the site's own form (production settings: secure cookies, so they are read by hand) and
    return the Cookie header a logged-in browser sends."""
    address = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    conn.request("GET", "/compte/connexion/")
    page = conn.getresponse()
    html = page.read().decode()
    jar = _cookies(page.getheaders())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    conn.request(
        "POST",
        "/compte/connexion/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "Referer": base + "/compte/connexion/",
            "Origin": base,
        },
    )
    answer = conn.getresponse()
    answer.read()
    jar.update(_cookies(answer.getheaders()))
    conn.close()
    if "sessionid" not in jar:
        raise RuntimeError(f"connexion du membre de démonstration impossible ({answer.status})")
    if "lilith_lecteur" not in jar:
        raise RuntimeError("le membre n'a pas reçu le cookie de lecteur : il ne lira pas les pages en cache")
    return "; ".join(f"{k}={v}" for k, v in jar.items() if k in ("sessionid", "lilith_lecteur", "csrftoken"))


def get(base: str, path: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def discussion_pages(env: dict) -> dict[str, str]:
    """The practice's first published thread and its list of threads (found in the database the bench built)."""
    script = (
        "import json, django; django.setup()\n"
        "from community.models import Thread\n"
        "t = Thread.objects.published().filter(practice__slug='un-chez-soi-d-abord').order_by('pk').first()\n"
        "print('PAGES=' + json.dumps({'thread': t.get_absolute_url(), 'practice_id': t.practice_id}))\n"
    )
    out = subprocess.run(
        [PY, "-c", script], env=env, cwd=ROOT, check=True, text=True, capture_output=True, timeout=300
    ).stdout
    found = json.loads(out.split("PAGES=")[1])
    return {
        "fil d'échange": found["thread"],
        "fils d'une pratique": "/echanges/pratique/un-chez-soi-d-abord/",
        "_fragment": f"/communaute/moi/?pratique={found['practice_id']}",
    }


def measure(server, base: str, static_root: Path, env: dict, duration: str = "5s") -> tuple[dict, list[str]]:
    """Results rows (as bench/run.py prints them) and the lines of the « logged-in member » objective."""
    subprocess.run(
        [PY, "manage.py", "load_community_demo", "-v0"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    pages = discussion_pages(env)
    fragment = pages.pop("_fragment")
    flush_cache(env)
    server.start()
    (static_root / "bench").mkdir(exist_ok=True)
    statics = {"bonne pratique (membre connecté)": PRACTICE, **pages}
    for n, path in enumerate(statics.values()):
        (static_root / "bench" / f"echanges-{n}.html").write_bytes(get(base, path)[2])
    server.stop()
    flush_cache(env)
    server.start()
    results: dict[str, dict] = {}
    try:
        cookie = log_in(base, *MEMBER)
        for path in statics.values():
            get(base, path)  # the anonymous reader who puts the page in the cache
        status, headers, _ = get(base, PRACTICE, cookie)
        if headers.get("x-cache") != "HIT":
            raise RuntimeError(f"la page lue par le membre ne vient pas du cache ({status}, {headers})")
        for n, (name, path) in enumerate(statics.items()):
            rows = {
                f"{c} (fichier statique)": wrk(f"{base}/static/bench/echanges-{n}.html", c, duration)
                for c in (10, 50)
            }
            member_cookie = cookie if "membre" in name else ""
            rows.update({f"{c} (cache)": wrk(base + path, c, duration, member_cookie) for c in (10, 50)})
            if "membre" not in name:
                rows.update(
                    {f"{c} (sans cache)": wrk(base + path + "?sans-cache=1", c, duration) for c in (1, 10)}
                )
            results[name] = rows
        results["sa partie à lui (fragment)"] = {
            f"{c} (sans cache)": wrk(base + fragment, c, duration, cookie) for c in (1, 10)
        }
    finally:
        server.stop()
    member = results["bonne pratique (membre connecté)"]
    ratio = min(member[f"{c} (cache)"]["rps"] / member[f"{c} (fichier statique)"]["rps"] for c in (10, 50))
    fragment_p50 = results["sa partie à lui (fragment)"]["1 (sans cache)"]["p50"]
    lines = [
        f"| un membre connecté lit une bonne pratique : au moins 50 % du débit du fichier statique | {ratio:.2f} | "
        f"{'atteint' if ratio >= TARGET_RATIO else '**manqué**'} |",
        f"| sa partie à lui (pseudonyme, messages en attente), chargée à part : p50 (1 connexion) | "
        f"{fragment_p50:.1f} ms | mesuré |",
    ]
    return results, lines


def main() -> int:
    """Alone: the demo (with its community) on a throw-away database, the same server as bench/run.py."""
    import shutil
    import tempfile

    from server import PrivateRedis, Server

    db, port = "lilith_bench_echanges", 8766
    redis = PrivateRedis(int(os.environ.get("BENCH_REDIS_PORT", "6392")))
    if not os.environ.get("BENCH_REDIS_URL"):
        redis.start()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
        "DJANGO_SETTINGS_MODULE": "lilith.settings.dev",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }
    static_root = Path(tempfile.mkdtemp(prefix="lilith-bench-echanges-"))
    prod = {
        **env,
        "DJANGO_SETTINGS_MODULE": "lilith.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL") or redis.url,
        "STATIC_ROOT": str(static_root),
        "WEB_CONCURRENCY": "2",
        "PORT": str(port),
    }
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
    server = Server(prod, port)
    try:
        subprocess.run(psql + [f"DROP DATABASE IF EXISTS {db}"], check=True, capture_output=True)
        subprocess.run(psql + [f"CREATE DATABASE {db}"], check=True, capture_output=True)
        for command in (["migrate", "--noinput", "-v0"], ["load_demo", "-v0"]):
            subprocess.run([PY, "manage.py", *command], env=env, cwd=ROOT, check=True, capture_output=True)
        subprocess.run(
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=prod,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        started = time.time()
        results, lines = measure(
            server, server.base, static_root, prod, os.environ.get("BENCH_DURATION", "5s")
        )
    finally:
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
        redis.stop()
        subprocess.run(psql + [f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"], capture_output=True)
    print(f"« Échanger », démonstration seule ({time.time() - started:.0f} s de mesures) :")
    print("| page | connexions | requêtes/s | p50 (ms) | p99 (ms) | erreurs |")
    print("|---|---|---|---|---|---|")
    for name, rows in results.items():
        for key, r in rows.items():
            print(f"| {name} | {key} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
