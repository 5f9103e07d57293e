from django.core.management.base import BaseCommand

from practices.models import TrainingRequest
from practices.tasks import send_training_request_emails


class Command(BaseCommand):
    help = "Renvoie les courriels des demandes dont l'envoi a échoué (à lancer régulièrement, par exemple toutes les 10 minutes)."

    def handle(self, *args, **options):
        sent = failed = 0
        for pk in TrainingRequest.objects.pending_notification().values_list("pk", flat=True):
            if send_training_request_emails(pk):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"{sent} demande(s) notifiée(s), {failed} échec(s).")
