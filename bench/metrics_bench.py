"""The cost of counting readings (metrics/): a cached page read by « browsers » (wrk sending a browser's headers,
so every request is counted), with counting on and with counting off (METRICS_COUNTING=false, the middleware
removed), each beside the page's static-file limit, in the same run; then the fold, whose total must equal the
number of requests wrk made with counting on."""

import re
import subprocess

BROWSER_HEADERS = [
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language: fr-FR,fr;q=0.9",
]
TARGET_RATIO = 0.6


def wrk(url, connections, duration):
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}", "--latency"]
    for header in BROWSER_HEADERS:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, timeout=120).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"rps": rps, "p50": pct(50), "p99": pct(99), "requests": total}


def measure(server_class, prod_env, port, base, page_path, static_path, run, python, duration):
    """Returns {mode: {"static": result, "cached": result}} and the fold's check."""
    results = {}
    counted_requests = 0
    for mode, extra in (("avec comptage", {}), ("sans comptage", {"METRICS_COUNTING": "false"})):
        server = server_class({**prod_env, **extra}, port)
        server.start()
        try:
            warm = wrk(base + page_path, 10, "1s")["requests"]  # the page is now cached (these count too)
            static = wrk(base + static_path, 10, duration)
            cached = wrk(base + page_path, 10, duration)
        finally:
            server.stop()  # the workers write their last buffered counts to Redis on the way out
        results[mode] = {"static": static, "cached": cached}
        if mode == "avec comptage":
            counted_requests = cached["requests"] + warm
    fold = run([python, "manage.py", "fold_metrics"], prod_env).stdout
    folded = int(re.search(r"(\d+) comptage", fold).group(1))
    return results, counted_requests, folded


# wrk reports the responses it read before its time was up; the requests still in flight then (at most one per
# connection, 10 connections, two runs: warming and measure) were served, hence counted, by the server too.
IN_FLIGHT = 2 * 10


def fold_verdict(folded, counted_requests):
    extra = folded - counted_requests
    if extra == 0:
        return "exact"
    if 0 < extra <= IN_FLIGHT:
        return f"exact, plus {extra} requête(s) encore en vol quand wrk s'est arrêté (au plus {IN_FLIGHT})"
    return f"**écart de {extra}**"


def report(results, counted_requests, folded):
    lines = [
        "",
        "## Coût du comptage des consultations",
        "",
        "Même page en cache (la bonne pratique), lue par wrk avec les en-têtes d'un navigateur (chaque requête est "
        "comptée), 10 connexions, dans la même exécution : avec le comptage, puis sans (`METRICS_COUNTING=false`), "
        "chacune à côté de sa limite (le même HTML en fichier statique).",
        "",
        "| mode | page en cache (req/s) | fichier statique (req/s) | rapport | p99 en cache (ms) |",
        "|---|---|---|---|---|",
    ]
    ratios = {}
    for mode, r in results.items():
        ratio = r["cached"]["rps"] / r["static"]["rps"]
        ratios[mode] = ratio
        lines.append(
            f"| {mode} | {r['cached']['rps']:.0f} | {r['static']['rps']:.0f} | {ratio:.2f} | {r['cached']['p99']:.1f} |"
        )
    ok = ratios.get("avec comptage", 0) >= TARGET_RATIO
    lines += [
        "",
        f"Objectif : avec le comptage, au moins {TARGET_RATIO:.0%} du débit du fichier statique : "
        f"{ratios.get('avec comptage', 0):.2f} ({'atteint' if ok else 'NON atteint'}).",
        f"Comptages intégrés par `fold_metrics` après la mesure : {folded} pour {counted_requests} lectures faites "
        f"avec le comptage (préchauffage compris) : {fold_verdict(folded, counted_requests)}.",
    ]
    return lines
