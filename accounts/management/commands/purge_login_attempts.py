"""Every night (`make cron`): failed login attempts (username, client address, browser) are kept only as long as
the lockout needs them (AXES_COOLOFF_TIME, 15 minutes). django-axes deletes them at the next attempt; this makes
sure they go even when nobody tries to log in."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Efface les tentatives de connexion échouées plus anciennes que la durée de blocage (15 minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        limit = timezone.now() - settings.AXES_COOLOFF_TIME
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=limit).delete()
        logs, _ = AccessLog.objects.filter(attempt_time__lt=limit).delete()
        failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=limit).delete()
        self.stdout.write(f"{attempts + logs + failures} trace(s) de connexion effacée(s).")
