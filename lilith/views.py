import datetime
import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
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


logger = logging.getLogger(__name__)

# Fields never shown back (the security token goes back hidden, as it came), nor kept at all (passwords).
_SECRET_NAMES = ("password", "mot_de_passe")
_HIDDEN_NAMES = ("csrfmiddlewaretoken", "submission_token", "website")
_MAX_KEPT = 200_000  # characters of typed text shown back, at most


def _outage(exception):
    """The database is down or unreachable (refused, restarting, connection cut), not a bug in a query."""
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


_LABELS = {
    "name": "Nom",
    "email": "Adresse électronique",
    "organisation": "Structure",
    "role": "Fonction",
    "departement_code": "Département",
    "departement": "Département",
    "kind": "Type de demande",
    "message": "Message",
    "username": "Identifiant",
    "q": "Recherche",
    "title": "Titre",
    "body": "Texte",
    "reply": "Réponse",
    "note": "Note",
    "phone": "Téléphone",
    "city": "Ville",
    "pseudonym": "Pseudonyme",
    "reason": "Raison",
}


def _label(name):
    base = name.rsplit("-", 1)[-1] if "-" in name else name
    return _LABELS.get(base, base.replace("_", " ").capitalize())


def _posted_back(request):
    """What the person sent, to show back: (hidden pairs, shown fields). Passwords are dropped."""
    try:
        data = request.POST
        had_files = bool(request.FILES)
    except Exception:  # noqa: BLE001 — an unreadable body: nothing to show back
        return [], [], False
    hidden, shown, kept = [], [], 0
    for name in data:
        if any(secret in name.lower() for secret in _SECRET_NAMES):
            continue
        values = data.getlist(name)
        single = len(values) == 1 and values[0].strip() and values[0] != "on"
        technical = name in _HIDDEN_NAMES or name.endswith(
            ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS", "-id")
        )
        if single and not technical and kept + len(values[0]) <= _MAX_KEPT:
            kept += len(values[0])
            rows = min(12, max(2, values[0].count("\n") + 2, len(values[0]) // 70 + 1))
            # A text area drops one line break right after its opening tag: one is put there, so that a text
            # that starts with a line break comes back whole.
            shown.append({"name": name, "label": _label(name), "text": "\n" + values[0], "rows": rows})
        else:
            hidden.extend((name, value) for value in values)
    return hidden, shown, had_files


def server_error(request, *args, **kwargs):
    """The 500 handler. A database outage is a 503 (the load balancer and the person both read it as « try again
    soon »), and a form sent during the outage comes back with what was typed, ready to be sent again: nothing
    typed is lost. Anything else is the French 500 page. Neither touches the database."""
    exception = sys.exc_info()[1]
    if exception is None or not _outage(exception):
        return HttpResponseServerError(loader.get_template("500.html").render({}))
    logger.warning("Base de données injoignable pendant %s %s : page 503", request.method, request.path)
    context = {"posted": False}
    if request.method == "POST":
        hidden, shown, had_files = _posted_back(request)
        context = {
            "posted": bool(hidden or shown),
            "hidden": hidden,
            "shown": shown,
            "had_files": had_files,
            "action": request.get_full_path(),
        }
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
