from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from practices.roles import apply_page_roles


class Command(BaseCommand):
    help = "Applique les droits des groupes sur les pages et les circuits de validation (à relancer sans risque)."

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("Aucun site par défaut : créez d'abord la page d'accueil.")
        apply_page_roles(site.root_page)
        self.stdout.write("Droits des pages et circuits de validation appliqués.")
