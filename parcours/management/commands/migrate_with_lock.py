"""`migrate`, one server at a time: several app servers that start together apply the migrations once.

Django's `migrate` takes no lock: two servers starting at once both try to apply the same migrations, one of them
fails ("relation already exists") and migrations without DDL run twice. On PostgreSQL this command first waits for a
session-level advisory lock; the servers that come after it find nothing left to apply. Other databases (SQLite, a
single machine) migrate as usual.
"""

from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections

LOCK_ID = 7_261_584_130  # any fixed 64-bit number: the same for every server of a deployment


class Command(MigrateCommand):
    help = "Applique les migrations en tenant un verrou PostgreSQL : plusieurs serveurs peuvent démarrer ensemble."

    def handle(self, *args, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
        try:
            return super().handle(*args, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
