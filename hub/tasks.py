"""The hub's e-mails leave through the project's outbox (outbox/delivery.py), like the community's.

`hub.services.notifications.send` saves the rendered mail as a `NotificationLog` row, then queues
`deliver_notification`, which sends it once and retries after settings.NOTIFICATION_RETRY_DELAYS; after the
last retry, `manage.py hub_send_pending_mails` (in `make cron`) keeps trying.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task

from outbox.delivery import Outbox


def message_for(log: Any) -> EmailMessage:
    reply_to = [settings.HUB_REPLY_TO] if getattr(settings, "HUB_REPLY_TO", "") else None
    return EmailMessage(log.subject, log.body, to=[log.to_email], reply_to=reply_to)


outbox = Outbox("hub.NotificationLog", "Courriel PositiveHub", "hub_send_pending_mails", message_for)


@task()
def deliver_notification(log_id: int, attempt: int = 1) -> bool:
    return outbox.deliver_or_retry(deliver_notification, log_id, attempt)


def enqueue(log_id: int) -> None:
    outbox.enqueue(deliver_notification, log_id)
