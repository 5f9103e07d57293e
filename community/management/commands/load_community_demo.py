from django.core.management.base import BaseCommand

from community.demo.loader import demo_logins, load


class Command(BaseCommand):
    help = "Charge les échanges de démonstration (sans doublon si on la relance) et affiche les identifiants."

    def handle(self, *args, **options):
        created = load()
        self.stdout.write(f"Échanges de démonstration : {created} fil(s) ajouté(s).")
        self.stdout.write("Identifiants de démonstration des échanges (données fictives) :")
        for label, username, password in demo_logins():
            self.stdout.write(f"  {label:<32} {username:<28} {password}")
