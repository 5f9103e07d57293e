"""Every night: anonymise registrations of sessions that ended more than the retention period ago."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trainings.models import Registration


class Command(BaseCommand):
    help = "Anonymise les inscriptions aux sessions terminées depuis plus que la durée de conservation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--email", help="Efface tout de suite les inscriptions de cette adresse (demande d'effacement)."
        )
        parser.add_argument(
            "--export", help="Affiche en JSON les inscriptions de cette adresse (demande d'accès)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import json

        if options.get("export"):
            rows = Registration.objects.filter(email__iexact=options["export"]).select_related("session")
            self.stdout.write(json.dumps([r.personal_data() for r in rows], ensure_ascii=False, indent=2))
            return
        if options.get("email"):
            rows = Registration.objects.filter(email__iexact=options["email"], anonymised_at__isnull=True)
        else:
            rows = Registration.objects.expired()
        count = 0
        for registration in rows:
            registration.anonymise()
            count += 1
        self.stdout.write(f"{count} inscription(s) anonymisée(s).")
