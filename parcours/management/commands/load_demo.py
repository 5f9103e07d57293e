import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand

from parcours.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Crée ou met à jour le contenu de démonstration à partir des fichiers de fixtures/ (sans doublons)."
    )

    def handle(self, *args, **options):
        if options["verbosity"] < 2:
            logging.getLogger("wagtail").setLevel(logging.WARNING)
        loader = DemoLoader(stdout=self.stdout if options["verbosity"] > 1 else None)
        loader.run()
        from parcours.demo.users import ensure_demo_users

        ensure_demo_users()
        if loader.changed:
            call_command("update_index", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"Contenu de démonstration prêt ({loader.changed} changement(s)).")
        )
