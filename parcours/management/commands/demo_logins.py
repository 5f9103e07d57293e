from django.core.management.base import BaseCommand

from parcours.demo.users import demo_logins


class Command(BaseCommand):
    help = "Affiche les identifiants de démonstration du site (un par rôle) ; chaque app affiche les siens."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("Site : http://127.0.0.1:8000/   Administration : http://127.0.0.1:8000/admin/")
        self.stdout.write("Identifiants de démonstration (données fictives) :")
        for label, username, password in demo_logins():
            self.stdout.write(f"  {label:<32} {username:<24} {password}")
        self.stdout.write("")
