"""Safety net of the hub's mail queue: sends every saved mail that has not gone out yet (in `make cron`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from hub.models import NotificationLog
from hub.tasks import claimable, deliver, deliver_notification


class Command(BaseCommand):
    help = (
        "Envoie les courriels du PositiveHub restés sans envoi (serveur de courrier indisponible, tâche perdue) ; "
        "chaque courriel part une seule fois. À lancer régulièrement, par exemple toutes les 10 minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        pending = NotificationLog.objects.filter(claimable(now))
        if deliver_notification.get_backend().supports_defer:
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
        self.stdout.write(f"{sent} courriel(s) envoyé(s), {failed} échec(s).")
