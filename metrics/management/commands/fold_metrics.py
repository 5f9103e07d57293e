from django.core.management.base import BaseCommand

from metrics import counting


class Command(BaseCommand):
    help = (
        "Intègre les comptages (consultations, recherches, visites des sites des équipes) gardés par Redis dans "
        "les agrégats quotidiens de la base. Sans effet si on la relance : à lancer tous les quarts d'heure."
    )

    def handle(self, *args, **options):
        added = counting.fold()
        self.stdout.write(f"{added} comptage(s) intégré(s).")
