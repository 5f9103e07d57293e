"""The hub's e-mails leave through the project's django-tasks queue, like the registry's (practices/tasks.py).

`hub.services.notifications.send` saves the rendered mail as a `NotificationLog` row, then queues
`deliver_notification`. The worker claims the row (one worker at a time), sends it and only then marks it
sent; a failure leaves the row `failed`, counts the attempt and queues a retry after
settings.NOTIFICATION_RETRY_DELAYS.
After the last retry, `manage.py hub_send_pending_mails` (in `make cron`) keeps trying.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from practices.tasks import NotificationNotSent, retry_later

logger = logging.getLogger(__name__)

# A row left `sending` longer than this (a worker killed mid-send) may be claimed again.
STALE_CLAIM = datetime.timedelta(minutes=15)


def claimable(now: datetime.datetime) -> Q:
    from hub.models import NotificationLog

    return Q(status__in=[NotificationLog.Status.PENDING, NotificationLog.Status.FAILED]) | Q(
        status=NotificationLog.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    )


def deliver(log_id: int) -> bool:
    """Send one saved mail if nobody else is sending it or has sent it. Returns True once it is sent."""
    from hub.models import NotificationLog

    now = timezone.now()
    claimed = NotificationLog.objects.filter(claimable(now), pk=log_id).update(
        status=NotificationLog.Status.SENDING, claimed_at=now
    )
    log = NotificationLog.objects.filter(pk=log_id).first()
    if log is None:  # erased since (RGPD, retention, demo history): nothing left to send
        return True
    if not claimed:
        return log.status == NotificationLog.Status.SENT
    reply_to = [settings.HUB_REPLY_TO] if getattr(settings, "HUB_REPLY_TO", "") else None
    message = EmailMessage(log.subject, log.body, to=[log.to_email], reply_to=reply_to)
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 — any mail failure: keep the mail, count the attempt, retry later
        logger.warning("Courriel PositiveHub %s non envoyé : %s", log_id, error)
        NotificationLog.objects.filter(pk=log_id).update(
            status=NotificationLog.Status.FAILED,
            attempts=log.attempts + 1,
            claimed_at=None,
            last_error=f"{type(error).__name__}: {error}"[:255],
        )
        return False
    NotificationLog.objects.filter(pk=log_id).update(
        status=NotificationLog.Status.SENT,
        sent_at=timezone.now(),
        attempts=log.attempts + 1,
        claimed_at=None,
        last_error="",
    )
    return True


@task()
def deliver_notification(log_id: int, attempt: int = 1) -> bool:
    if deliver(log_id):
        return True
    delay = retry_later(deliver_notification, attempt, log_id)
    raise NotificationNotSent(
        f"Courriel PositiveHub {log_id} : envoi n° {attempt} impossible, "
        + (f"nouvel essai dans {delay} s." if delay else "reprise par hub_send_pending_mails.")
    )


def enqueue(log_id: int) -> None:
    """Queue the mail; if the queue itself is unreachable the row stays pending for the periodic command."""
    try:
        deliver_notification.enqueue(log_id)
    except NotificationNotSent:
        pass  # immediate backend: the failure is recorded on the row, the command will retry
    except Exception:  # noqa: BLE001 — the action the person did is saved; the mail waits in its row
        logger.exception("Courriel PositiveHub %s : mise en file impossible", log_id)
