"""Every day: remind the people registered to a session that starts tomorrow (Paris time)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from trainings.models import Registration, TrainingSession
from trainings.tasks import send_registration_email


class Command(BaseCommand):
    help = "Envoie le rappel de la veille aux inscrits des sessions qui commencent demain."

    def handle(self, *args: Any, **options: Any) -> None:
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
        end = start + datetime.timedelta(days=1)
        sessions = TrainingSession.objects.published().filter(starts_at__gte=start, starts_at__lt=end)
        with transaction.atomic():
            due = list(
                Registration.objects.select_for_update()
                .filter(
                    session__in=sessions,
                    status=Registration.Status.CONFIRMED,
                    reminded_at__isnull=True,
                    anonymised_at__isnull=True,
                )
                .values_list("pk", flat=True)
            )
            Registration.objects.filter(pk__in=due).update(reminded_at=timezone.now())  # never twice
        for pk in due:
            send_registration_email.enqueue(pk, "reminder")
        self.stdout.write(f"{len(due)} rappel(s) envoyé(s).")
