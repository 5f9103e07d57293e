"""The PositiveHub at the size of a real call (`make bench`, or alone: `.venv/bin/python bench/hub_bench.py`).

A generated call (hub/bench_data.py): BENCH_HUB_APPLICATIONS applications (500), BENCH_HUB_EXPERTS experts (30),
3 reviews each, conflicts, consensus, the selection run and the publication. Each page a person uses is rendered
through Django's test client (no page cache: signed-in people are never served from it, anonymous pages get a
query string) and timed in-process: p50 of BENCH_HUB_REPEAT requests after two warm-up requests; the SQL queries
of one request are counted; the exports of the whole call are timed. Prints a Markdown section (also written to
bench/hub_results.md) that bench/run.py appends to bench/results.md.

Alone, it builds a throw-away SQLite database under the test settings; from bench/run.py it runs on the bench's
PostgreSQL database with the production settings (DATABASE_URL and DJANGO_SETTINGS_MODULE from the environment).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
N_APPLICATIONS = int(os.environ.get("BENCH_HUB_APPLICATIONS", "500"))
N_EXPERTS = int(os.environ.get("BENCH_HUB_EXPERTS", "30"))
REPEAT = int(os.environ.get("BENCH_HUB_REPEAT", "15"))
TARGET_MS = {"hub:chair-ranking": 50}  # the chair's ranking and leniency diagnostic; 30 ms for the others
DEFAULT_TARGET_MS = 30
EXPORT_TARGET_S = 2.0


def setup() -> str | None:
    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="lilith-hub-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/hub.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lilith.settings.test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lilith.settings.production")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
    import django

    django.setup()
    from django.core.management import call_command

    if scratch:
        call_command("migrate", "--noinput", verbosity=0)
    return scratch


def timed(client, url, repeat):
    from django.db import connection

    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    counted = []

    def count(execute, sql, params, many, context):  # Django resets queries_log at each request: count here
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations), len(counted)


def main() -> int:
    scratch = setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from hub import bench_data as data

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1", "testserver"]
    from django.db.models import Max

    from hub.models import Call

    # A year no real call uses (the demo's are around today's), distinct between runs on one database.
    year = max(timezone.now().year, Call.objects.aggregate(last=Max("year"))["last"] or 0) + 50
    started = time.perf_counter()
    generated = data.generate_call(N_APPLICATIONS, N_EXPERTS, 3, year=year)
    build_s = time.perf_counter() - started
    clients = {}

    def client_for(who):
        if who not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            user = data.person(generated, who)
            if user is not None:
                client.force_login(user)
            clients[who] = client
        return clients[who]

    rows = []

    def measure(pages, anonymous_suffix="?sans-cache=1"):
        for label, name, who, args in pages:
            url = reverse(name, args=args(generated)) + (anonymous_suffix if who == "anonymous" else "")
            p50, queries = timed(client_for(who), url, REPEAT)
            target = TARGET_MS.get(name, DEFAULT_TARGET_MS)
            rows.append((label, p50, queries, target))

    measure(data.REVIEW_PAGES)
    step = time.perf_counter()
    data.to_deliberation(generated)
    consensus_s = time.perf_counter() - step
    from hub.services import selection

    step = time.perf_counter()
    selection.run_selection(generated.call, generated.chair)
    selection_s = time.perf_counter() - step
    measure(data.DELIBERATION_PAGES)
    step = time.perf_counter()
    data.publish(generated)
    publish_s = time.perf_counter() - step
    measure(data.PUBLISHED_PAGES)
    exports = []
    for label, name, who, args in data.EXPORTS:
        url = reverse(name, args=args(generated))
        runs = []
        for _ in range(3):
            step = time.perf_counter()
            response = client_for(who).get(url)
            size = len(response.content)
            runs.append(time.perf_counter() - step)
            assert response.status_code == 200, url
        exports.append((label, statistics.median(runs), size))

    ok = "atteint"
    ko = "**non atteint**"
    lines = [
        "## PositiveHub à la taille d'un vrai appel",
        "",
        f"Appel généré : {N_APPLICATIONS} candidatures, {N_EXPERTS} experts, 3 évaluations par dossier, conflits "
        f"déclarés, consensus, sélection et publication (`bench/hub_bench.py`, données `hub/bench_data.py`), "
        f"construit en {build_s:.1f} s ; consensus écrit en {consensus_s:.1f} s ; calcul de la sélection "
        f"{selection_s:.2f} s ; publication {publish_s:.1f} s. Base : {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"réglages `{os.environ['DJANGO_SETTINGS_MODULE']}`, {os.cpu_count()} cœurs, p50 de {REPEAT} requêtes "
        "(client de test de Django, sans cache de pages).",
        "",
        "| page | p50 (ms) | requêtes SQL | objectif | résultat |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {label} | {p50:.1f} | {queries} | < {target} ms | {ok if p50 < target else ko} |"
        for label, p50, queries, target in rows
    ]
    lines += [
        "",
        "| export de tout l'appel | durée (s) | octets | objectif | résultat |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {label} | {seconds:.2f} | {size} | < {EXPORT_TARGET_S:.0f} s | {ok if seconds < EXPORT_TARGET_S else ko} |"
        for label, seconds, size in exports
    ]
    lines += [
        "",
        "Les requêtes SQL de chaque page ne croissent pas avec la taille de l'appel : "
        "`tests/hub/test_generated_call.py` le vérifie sur un appel généré de 5 puis de 50 candidatures.",
        "",
    ]
    text = "\n".join(lines)
    (ROOT / "bench" / "hub_results.md").write_text(text, encoding="utf-8")
    print(text)
    if scratch:
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
