"""Safety net of the community's mail queue: sends every saved mail that has not gone out yet, and deletes sent
mails older than 30 days (in `make cron`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from community.models import Mail
from community.tasks import deliver_mail, outbox

KEEP_SENT = datetime.timedelta(days=30)


class Command(BaseCommand):
    help = (
        "Envoie les courriels des échanges restés sans envoi (serveur de courrier indisponible, tâche perdue) ; "
        "chaque courriel part une seule fois. Efface les courriels envoyés depuis plus de 30 jours. "
        "À lancer régulièrement, par exemple toutes les 10 minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = outbox.send_pending(deliver_mail)
        erased, _ = Mail.objects.filter(
            status=Mail.Status.SENT, sent_at__lt=timezone.now() - KEEP_SENT
        ).delete()
        self.stdout.write(f"{sent} courriel(s) envoyé(s), {failed} échec(s), {erased} ancien(s) effacé(s).")
