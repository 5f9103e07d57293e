from django.core.management.base import BaseCommand

from practices.models import TrainingRequest
from practices.models.requests import retention_days


class Command(BaseCommand):
    help = "Anonymise les demandes plus anciennes que la durée de conservation (TRAINING_REQUEST_RETENTION_DAYS)."

    def handle(self, *args, **options):
        count = 0
        for training_request in TrainingRequest.objects.expired():
            training_request.anonymise()
            count += 1
        self.stdout.write(f"{count} demande(s) anonymisée(s) (conservation : {retention_days()} jours).")
