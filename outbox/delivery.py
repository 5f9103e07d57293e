"""How every e-mail of the site leaves: saved first, then sent by the django-tasks queue, retried, sent once.

Mails that must survive anything (the hub's, the community's, the alerts') are saved as rows of a model with the
fields of a saved mail (`outbox.models.SavedMail`, which the community's and the alerts' models extend; the hub's
older model has its own copy): `status` (a `Status` with PENDING, SENDING, SENT, FAILED), `attempts`,
`claimed_at`, `last_error`, `created_at`, `sent_at`. `Outbox(...).deliver(pk)` claims the row (one worker at a time), sends it and
only then marks it sent; a failure leaves the row `failed` and counts the attempt. The app's task retries after
settings.NOTIFICATION_RETRY_DELAYS (`retry_later`), and its `send_pending_mails` command is the safety net
after the last retry (`Outbox.send_pending`). Mails kept only as a task (a receipt, a reminder) use
`retry_later` and `NotificationNotSent` alone.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# A row left `sending` longer than this (a worker killed mid-send) may be claimed again.
STALE_CLAIM = datetime.timedelta(minutes=15)


class NotificationNotSent(Exception):
    """The mail server refused or was unreachable; the task is marked failed and retried later."""


def retry_later(task_function: Any, attempt: int, *args: Any) -> int | None:
    """Queue the next try of `task_function(*args, attempt=attempt + 1)` if the backend can defer it.

    Returns the delay in seconds, or None when there is no retry left (or no queue to put it in).
    """
    delays = settings.NOTIFICATION_RETRY_DELAYS
    if attempt > len(delays) or not task_function.get_backend().supports_defer:
        return None
    delay = delays[attempt - 1]
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    task_function.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return delay


class Outbox:
    """The saved mails of one model (`app_label.Model`), and how they leave: `message` makes the e-mail of a row,
    `label` names them in logs and task errors, `command` is the app's safety-net command."""

    def __init__(self, model: str, label: str, command: str, message: Callable[[Any], EmailMessage]) -> None:
        self.model_label, self.label, self.command, self.message = model, label, command, message

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def rows(self) -> Any:
        return self.model._default_manager

    def claimable(self, now: datetime.datetime) -> Q:
        status = self.model.Status  # type: ignore[attr-defined]
        return Q(status__in=[status.PENDING, status.FAILED]) | Q(
            status=status.SENDING, claimed_at__lt=now - STALE_CLAIM
        )

    def deliver(self, pk: int) -> bool:
        """Send one saved mail if nobody else is sending it or has sent it. Returns True once it is sent."""
        status = self.model.Status  # type: ignore[attr-defined]
        now = timezone.now()
        claimed = self.rows.filter(self.claimable(now), pk=pk).update(status=status.SENDING, claimed_at=now)
        row = self.rows.filter(pk=pk).first()
        if row is None:  # erased since (RGPD, retention, demo history): nothing left to send
            return True
        if not claimed:
            return row.status == status.SENT
        try:
            self.message(row).send()
        except Exception as error:  # noqa: BLE001 — any mail failure: keep the mail, count the attempt, retry later
            logger.warning("%s %s non envoyé : %s", self.label, pk, error)
            self.rows.filter(pk=pk).update(
                status=status.FAILED,
                attempts=row.attempts + 1,
                claimed_at=None,
                last_error=f"{type(error).__name__}: {error}"[:255],
            )
            return False
        self.rows.filter(pk=pk).update(
            status=status.SENT,
            sent_at=timezone.now(),
            attempts=row.attempts + 1,
            claimed_at=None,
            last_error="",
        )
        return True

    def deliver_or_retry(self, task_function: Any, pk: int, attempt: int) -> bool:
        """The body of the app's task: send, or queue the next try and fail this one (the queue shows it)."""
        if self.deliver(pk):
            return True
        delay = retry_later(task_function, attempt, pk)
        raise NotificationNotSent(
            f"{self.label} {pk} : envoi n° {attempt} impossible, "
            + (f"nouvel essai dans {delay} s." if delay else f"reprise par {self.command}.")
        )

    def enqueue(self, task_function: Any, pk: int) -> None:
        """Queue the mail; if the queue itself is unreachable the row stays pending for the periodic command."""
        try:
            task_function.enqueue(pk)
        except NotificationNotSent:
            pass  # immediate backend: the failure is recorded on the row, the command will retry
        except Exception:  # noqa: BLE001 — what the person did is saved; the mail waits in its row
            logger.exception("%s %s : mise en file impossible", self.label, pk)

    def send_pending(self, task_function: Any) -> tuple[int, int]:
        """The periodic safety net: send every saved mail the queue is no longer trying. Returns (sent, failed)."""
        now = timezone.now()
        pending = self.rows.filter(self.claimable(now))
        if task_function.get_backend().supports_defer:
            # The queue retries by itself: leave it the mails it is still working on.
            delays = settings.NOTIFICATION_RETRY_DELAYS
            window = datetime.timedelta(seconds=sum(delays)) + datetime.timedelta(minutes=10)
            pending = pending.filter(created_at__lt=now - window) | pending.filter(attempts__gt=len(delays))
        sent = failed = 0
        for pk in pending.order_by("pk").values_list("pk", flat=True):
            if self.deliver(pk):
                sent += 1
            else:
                failed += 1
        return sent, failed
