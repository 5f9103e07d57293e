import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

QUEUE_STALLED_AFTER = datetime.timedelta(minutes=10)


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any database failure means "not ready"
        return False
    return True


def _cache():
    is_up = getattr(cache, "is_up", None)
    if is_up is not None:
        return is_up()
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001
        return False


def _task_queue():
    """A worker that stopped leaves ready tasks waiting: the oldest one tells."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return "ok"
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    )
    if oldest is None:
        return "ok"
    waiting_since = max(oldest[0], min(oldest[1], timezone.now()))
    return "stalled" if timezone.now() - waiting_since > QUEUE_STALLED_AFTER else "ok"


@never_cache
def healthz(request):
    """For load balancers and the container's health check: 503 when the database does not answer (this server
    cannot serve); 200 otherwise, with each dependency's state: a cache that is down or a task queue that no
    worker empties make the site "degraded" (pages are served without cache; e-mails wait) but still serving."""
    if not _database():
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    state = {"database": "ok", "cache": "ok" if _cache() else "unreachable", "task_queue": _task_queue()}
    state["status"] = "ok" if state["cache"] == "ok" and state["task_queue"] == "ok" else "degraded"
    return JsonResponse(state)
