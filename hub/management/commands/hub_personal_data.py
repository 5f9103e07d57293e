from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hub.services.personal_data import erase_personal_data, export_personal_data_json


class Command(BaseCommand):
    help = (
        "RGPD : exporte (JSON) ou efface les données personnelles d'un candidat ou d'un expert, désigné par "
        "son adresse."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Confirme l'effacement sans question.")

    def handle(self, *args, action, email, yes, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Aucun compte avec l'adresse {email}.")
        if action == "export":
            self.stdout.write(export_personal_data_json(user))
            return
        if not yes:
            raise CommandError("Ajoutez --yes pour confirmer l'effacement.")
        erase_personal_data(user)
        self.stdout.write(f"Compte {user.pk} anonymisé.")
