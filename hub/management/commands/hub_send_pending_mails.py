"""Safety net of the hub's mail queue: sends every saved mail that has not gone out yet (in `make cron`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hub.tasks import deliver_notification, outbox


class Command(BaseCommand):
    help = (
        "Envoie les courriels du PositiveHub restés sans envoi (serveur de courrier indisponible, tâche perdue) ; "
        "chaque courriel part une seule fois. À lancer régulièrement, par exemple toutes les 10 minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = outbox.send_pending(deliver_notification)
        self.stdout.write(f"{sent} courriel(s) envoyé(s), {failed} échec(s).")
