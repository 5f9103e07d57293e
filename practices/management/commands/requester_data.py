import json

from django.core.management.base import BaseCommand, CommandError

from practices.models import TrainingRequest


class Command(BaseCommand):
    help = "Exporte (JSON) ou efface les données d'une personne qui a sollicité une équipe d'appui (RGPD)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, *args, action, email, **options):
        requests = TrainingRequest.objects.filter(
            email__iexact=email, anonymised_at__isnull=True
        ).select_related("team", "practice", "departement")
        if not requests.exists():
            raise CommandError(f"Aucune demande pour {email}.")
        if action == "export":
            self.stdout.write(json.dumps([r.personal_data() for r in requests], ensure_ascii=False, indent=2))
        else:
            count = 0
            for r in requests:
                r.anonymise()
                count += 1
            self.stdout.write(f"{count} demande(s) effacée(s) pour {email}.")
