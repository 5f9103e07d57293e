"""Safety net of the community's mail queue: sends every saved mail that has not gone out yet, and deletes sent
mails older than 30 days (in `make cron`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from community.models import Mail
from community.tasks import claimable, deliver, deliver_mail

KEEP_SENT = datetime.timedelta(days=30)


class Command(BaseCommand):
    help = (
        "Envoie les courriels des échanges restés sans envoi (serveur de courrier indisponible, tâche perdue) ; "
        "chaque courriel part une seule fois. Efface les courriels envoyés depuis plus de 30 jours. "
        "À lancer régulièrement, par exemple toutes les 10 minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        pending = Mail.objects.filter(claimable(now))
        if deliver_mail.get_backend().supports_defer:
            # The queue retries by itself: leave it the mails it is still working on.
            delays = settings.NOTIFICATION_RETRY_DELAYS
            window = datetime.timedelta(seconds=sum(delays)) + datetime.timedelta(minutes=10)
            pending = pending.filter(created_at__lt=now - window) | pending.filter(attempts__gt=len(delays))
        sent = failed = 0
        for pk in pending.order_by("pk").values_list("pk", flat=True):
            if deliver(pk):
                sent += 1
            else:
                failed += 1
        erased, _ = Mail.objects.filter(status=Mail.Status.SENT, sent_at__lt=now - KEEP_SENT).delete()
        self.stdout.write(f"{sent} courriel(s) envoyé(s), {failed} échec(s), {erased} ancien(s) effacé(s).")
