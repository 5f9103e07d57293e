from django.core.management.base import BaseCommand

from hub.demo import demo_logins, load_demo


class Command(BaseCommand):
    help = ("Charge la démonstration du PositiveHub : un appel en phase d'évaluation et un appel passé avec "
            "ses résultats publiés. Idempotente : une seconde exécution ne change rien.")

    def handle(self, *args, **options):
        call = load_demo()
        self.stdout.write(f"Démonstration PositiveHub prête : {call.title}.")
        for label, username, password in demo_logins():
            self.stdout.write(f"  {label} : {username} / {password}")
