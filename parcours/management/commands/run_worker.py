"""`db_worker` that survives database outages: when the database goes away (a restart, a fail-over, a dropped
connection), django-tasks-db's worker exits with OperationalError and e-mails stop until someone restarts it.
This command runs it again after a pause that doubles up to a minute, and says so in the log; a stop signal ends
it as it ends the worker. The container's restart policy (compose.yaml) covers a crash of the process itself."""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)
MAX_PAUSE = 60.0


class Command(BaseCommand):
    help = "Lance le worker des tâches (courriels) et le relance après une coupure de la base de données."

    def add_arguments(self, parser):
        parser.add_argument("--max-restarts", type=int, default=0, help="0 : sans limite.")

    def handle(self, *args, max_restarts=0, **options):
        pause, restarts = 1.0, 0
        while True:
            started = time.monotonic()
            try:
                call_command("db_worker", "--no-reload", "--no-startup-delay")
                return  # stopped by a signal: the worker ended its loop
            except (OperationalError, InterfaceError, DatabaseError) as error:
                connections.close_all()
                if time.monotonic() - started > MAX_PAUSE:
                    pause = 1.0  # it had been running well: start the back-off again
                restarts += 1
                logger.warning(
                    "Base de données injoignable pour le worker (%s) : nouvel essai dans %.0f s.",
                    error,
                    pause,
                )
                if max_restarts and restarts > max_restarts:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)
