"""Polls open and close at a date, but the pages that show them come from the page cache: this command (in
`make cron`) purges the pages of every poll that opened or closed since it last ran."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from community.cache import purge_poll
from community.models import Poll


class Command(BaseCommand):
    help = "Met à jour les pages qui montrent un sondage ouvert ou clos depuis le dernier passage."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        is_open = Q(opens_at__lte=now, closes_at__gt=now)
        changed = list(
            Poll.objects.filter(
                (is_open & Q(shown_open=False)) | (~is_open & Q(shown_open=True))
            ).select_related("practice")
        )
        for poll in changed:
            Poll.objects.filter(pk=poll.pk).update(shown_open=poll.is_open)
            purge_poll(poll)
        self.stdout.write(f"{len(changed)} sondage(s) ouvert(s) ou clos : pages mises à jour.")
