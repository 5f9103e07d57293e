import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from practices.models import TrainingRequest
from practices.tasks import notify_training_request, send_training_request_emails


class Command(BaseCommand):
    help = (
        "Renvoie les courriels des demandes restées sans envoi : après les nouveaux essais de la file de tâches, "
        "ou si la tâche s'est perdue (à lancer régulièrement, par exemple toutes les 10 minutes)."
    )

    def handle(self, *args, **options):
        pending = TrainingRequest.objects.pending_notification(
            max_attempts=settings.NOTIFICATION_MAX_ATTEMPTS
        )
        if notify_training_request.get_backend().supports_defer:
            # The queue retries by itself: leave it the requests it is still working on.
            delays = settings.NOTIFICATION_RETRY_DELAYS
            window = datetime.timedelta(seconds=sum(delays)) + datetime.timedelta(minutes=10)
            pending = pending.filter(
                Q(notification_attempts__gt=len(delays)) | Q(created_at__lt=timezone.now() - window)
            )
        sent = failed = 0
        for pk in pending.values_list("pk", flat=True):
            if send_training_request_emails(pk):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"{sent} demande(s) notifiée(s), {failed} échec(s).")
