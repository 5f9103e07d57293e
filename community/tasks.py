"""The community's e-mails leave through the project's outbox (outbox/delivery.py), like the hub's.

`community.services.queue_mail` saves the rendered mail as a `Mail` row (once per key), then, after the commit,
queues `deliver_mail`, which sends it once and retries after settings.NOTIFICATION_RETRY_DELAYS; after the last
retry, `manage.py community_send_pending_mails` (in `make cron`) keeps trying.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage
from django_tasks import task

from outbox.delivery import Outbox


def message_for(mail: Any) -> EmailMessage:
    return EmailMessage(mail.subject, mail.body, to=[mail.to_email], headers=mail.headers or None)


outbox = Outbox("community.Mail", "Courriel des échanges", "community_send_pending_mails", message_for)


@task()
def deliver_mail(mail_id: int, attempt: int = 1) -> bool:
    return outbox.deliver_or_retry(deliver_mail, mail_id, attempt)


def enqueue(mail_id: int) -> None:
    outbox.enqueue(deliver_mail, mail_id)
