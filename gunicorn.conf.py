"""gunicorn settings, read from the environment (see README, "Production")."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# The application is loaded once in the master and the workers fork from it (a new worker answers at once instead
# of re-importing Django and Wagtail). Workers are not recycled by default: each recycling makes a few requests
# wait for a fresh worker (seen as p99 spikes in the benchmark). GUNICORN_MAX_REQUESTS=N recycles after N requests
# if a leak ever needs it.
preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = "-"
# One line per request without the client's address, the query string (search terms, e-mail addresses in links),
# the referrer or the browser: the access log holds no personal data, so it needs no retention of its own beyond the
# log platform's (README, « Journaux »). Time, method, path, status, size, duration.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
