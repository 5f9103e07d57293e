"""Every night: delete declined applications (and their private attachments) two years after the decision."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from implementation.models import SupportTeamApplication

RETENTION_DAYS = 730


class Command(BaseCommand):
    help = "Efface les candidatures refusées depuis plus de 2 ans, avec leurs pièces jointes."

    def handle(self, *args: Any, **options: Any) -> None:
        limit = timezone.now() - datetime.timedelta(days=RETENTION_DAYS)
        old = SupportTeamApplication.objects.filter(
            status=SupportTeamApplication.Status.DECLINED, reviewed_at__lt=limit
        )
        count = 0
        for application in old:
            for attachment in (application.fidelity_file, application.training_file):
                if attachment:
                    attachment.delete(save=False)
            application.delete()
            count += 1
        self.stdout.write(f"{count} candidature(s) effacée(s).")
