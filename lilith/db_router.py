"""Optional read replica (DATABASE_REPLICA_URL): some anonymous reads go to the replica, everything else to the
primary.

A replica lags behind the primary by a moment, so reads go to it only where that lag cannot show:
- only a GET or HEAD from a visitor without a session cookie, outside the admin, the accounts, the team space, the
  hub and the forms. Logged-in people and editors always read the primary and see what they have just saved;
- not when the response may be stored in the page cache (pagecache/): a page rendered from a replica that has
  not yet received a publication would be kept, stale, until the next purge. Those cache misses read the primary;
  the replica serves the anonymous reads that are never cached (search, filtered or paginated listings with a query
  string, documents, the sitemap), and every page when the page cache is off;
- once the request has written anything (or locked a row), the rest of it reads the primary;
- outside a web request (the task worker, management commands), everything reads the primary.
Writes and migrations always go to the primary.
"""

from contextvars import ContextVar

from django.conf import settings

_reads_from_replica = ContextVar("reads_from_replica", default=False)
PRIMARY_ONLY_PREFIXES = (
    "/admin",
    "/django-admin",
    "/compte",
    "/espace-equipe",
    "/positivehub",
    "/solliciter-un-appui",
    "/communaute",
)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if _reads_from_replica.get() else "default"

    def db_for_write(self, model, **hints):
        # Read-after-write: from now on this request reads what it has just written, on the primary. Django also
        # asks here before select_for_update() and get_or_create(), which must not read a lagging copy either.
        _reads_from_replica.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def replica_allowed(request):
    from pagecache.middleware import cacheable_request

    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(PRIMARY_ONLY_PREFIXES)
        and not cacheable_request(request)
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
