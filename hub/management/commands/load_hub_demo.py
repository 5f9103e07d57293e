from django.core.management import call_command
from django.core.management.base import BaseCommand

from hub.demo import load_demo


class Command(BaseCommand):
    help = (
        "Charge la démonstration du PositiveHub : un appel en phase d'évaluation et un appel passé avec "
        "ses résultats publiés. Idempotente : une seconde exécution ne change rien."
    )

    def handle(self, *args, **options):
        call = load_demo()
        self.stdout.write(f"Démonstration PositiveHub prête : {call.title}.")
        call_command("hub_demo_logins", stdout=self.stdout)
