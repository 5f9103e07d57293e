"""The safety net of « Suivre cette pratique » (in `make cron`): send the mails the queue could not, erase the
addresses never confirmed after UNCONFIRMED_DAYS, and the sent mails after SENT_MAIL_DAYS."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from alerts import services, tasks
from alerts.models import SENT_MAIL_DAYS, AlertMail


class Command(BaseCommand):
    help = "Envoie les courriels de suivi en attente et efface les adresses non confirmées et les vieux courriels."

    def handle(self, *args, **options):
        sent, failed = tasks.outbox.send_pending(tasks.deliver_mail)
        forgotten = services.forget_unconfirmed()
        limit = timezone.now() - datetime.timedelta(days=SENT_MAIL_DAYS)
        old, _ = AlertMail.objects.filter(status=AlertMail.Status.SENT, sent_at__lt=limit).delete()
        self.stdout.write(
            f"Suivi des pratiques : {sent} courriel(s) envoyé(s), {failed} en échec, "
            f"{forgotten} adresse(s) non confirmée(s) effacée(s), {old} vieux courriel(s) effacé(s)."
        )
