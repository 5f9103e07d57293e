"""The community's e-mails leave through the project's django-tasks queue, like the registry's and the hub's.

`community.services.queue_mail` saves the rendered mail as a `Mail` row (once per key), then, after the commit,
queues `deliver_mail`. The worker claims the row (one worker at a time), sends it and only then marks it sent; a
failure leaves the row `failed`, counts the attempt and queues a retry after settings.NOTIFICATION_RETRY_DELAYS.
After the last retry, `manage.py community_send_pending_mails` (in `make cron`) keeps trying.
"""

from __future__ import annotations

import datetime
import logging

from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from practices.tasks import NotificationNotSent, retry_later

logger = logging.getLogger(__name__)

# A row left `sending` longer than this (a worker killed mid-send) may be claimed again.
STALE_CLAIM = datetime.timedelta(minutes=15)


def claimable(now: datetime.datetime) -> Q:
    from community.models import Mail

    return Q(status__in=[Mail.Status.PENDING, Mail.Status.FAILED]) | Q(
        status=Mail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    )


def deliver(mail_id: int) -> bool:
    """Send one saved mail if nobody else is sending it or has sent it. Returns True once it is sent."""
    from community.models import Mail

    now = timezone.now()
    claimed = Mail.objects.filter(claimable(now), pk=mail_id).update(
        status=Mail.Status.SENDING, claimed_at=now
    )
    mail = Mail.objects.filter(pk=mail_id).first()
    if mail is None:  # erased since (the member erased their account): nothing left to send
        return True
    if not claimed:
        return mail.status == Mail.Status.SENT
    message = EmailMessage(mail.subject, mail.body, to=[mail.to_email], headers=mail.headers or None)
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 — any mail failure: keep the mail, count the attempt, retry later
        logger.warning("Courriel des échanges %s non envoyé : %s", mail_id, error)
        Mail.objects.filter(pk=mail_id).update(
            status=Mail.Status.FAILED,
            attempts=mail.attempts + 1,
            claimed_at=None,
            last_error=f"{type(error).__name__}: {error}"[:255],
        )
        return False
    Mail.objects.filter(pk=mail_id).update(
        status=Mail.Status.SENT,
        sent_at=timezone.now(),
        attempts=mail.attempts + 1,
        claimed_at=None,
        last_error="",
    )
    return True


@task()
def deliver_mail(mail_id: int, attempt: int = 1) -> bool:
    if deliver(mail_id):
        return True
    delay = retry_later(deliver_mail, attempt, mail_id)
    raise NotificationNotSent(
        f"Courriel des échanges {mail_id} : envoi n° {attempt} impossible, "
        + (f"nouvel essai dans {delay} s." if delay else "reprise par community_send_pending_mails.")
    )


def enqueue(mail_id: int) -> None:
    """Queue the mail; if the queue itself is unreachable the row stays pending for the periodic command."""
    try:
        deliver_mail.enqueue(mail_id)
    except NotificationNotSent:
        pass  # immediate backend: the failure is recorded on the row, the command will retry
    except Exception:  # noqa: BLE001 — what the person did is saved; the mail waits in its row
        logger.exception("Courriel des échanges %s : mise en file impossible", mail_id)
