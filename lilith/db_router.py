"""Optional read replica (DATABASE_REPLICA_URL): anonymous readers' pages read from the replica, everything else
from the primary.

A replica lags behind the primary by a moment. So reads go to the replica only where that cannot show: a GET or
HEAD from a visitor without a session (a public page) outside the admin. Forms, logged-in people, the admin and
every process outside a web request (the task worker, management commands) read from the primary, so they always
see what they have just written. Writes and migrations always go to the primary.
"""

from contextvars import ContextVar

from django.conf import settings

_reads_from_replica = ContextVar("reads_from_replica", default=False)
PRIMARY_ONLY_PREFIXES = ("/admin", "/django-admin", "/compte", "/espace-equipe", "/positivehub", "/solliciter-un-appui")


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if _reads_from_replica.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def replica_allowed(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(PRIMARY_ONLY_PREFIXES)
    )


class ReplicaReadsMiddleware:
    """Lets this request read from the replica when `replica_allowed`; only installed with a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from_replica.set(replica_allowed(request))
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
