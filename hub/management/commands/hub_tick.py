from django.core.management.base import BaseCommand

from hub.models import Call, CallStatus
from hub.services.assignments import send_reminders
from hub.services.transitions import tick


class Command(BaseCommand):
    help = "Applique les échéances des appels (ouverture, clôture, fin d'évaluation) et envoie les relances J-7/J-2/J-0."

    def handle(self, *args, **options):
        changed = tick()
        for slug, action in changed:
            self.stdout.write(f"{slug} : {action}")
        sent = sum(send_reminders(call) for call in Call.objects.filter(status=CallStatus.REVIEW))
        self.stdout.write(f"{len(changed)} changement(s) d'état, {sent} relance(s).")
