"""Applies the PositiveHub retention period (settings.HUB_RETENTION_YEARS), as the privacy page states it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from hub.services.personal_data import apply_retention


class Command(BaseCommand):
    help = (
        "Efface, HUB_RETENTION_YEARS ans après les résultats d'un appel, les pièces jointes, les brouillons, "
        "les courriels gardés et les comptes qui ne servent plus (à lancer chaque jour, dans `make cron`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien effacer.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        counts = apply_retention(dry_run=dry_run)
        verb = "à effacer" if dry_run else "effacé(s)"
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        self.stdout.write(f"Durée de conservation : {settings.HUB_RETENTION_YEARS} an(s). {summary} {verb}.")
