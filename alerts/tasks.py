"""Alert mails leave through the project's outbox (outbox/delivery.py): saved first, sent once, retried; after the
last retry, `manage.py alerts_send_pending_mails` (in `make cron`) keeps trying."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage
from django_tasks import task

from outbox.delivery import Outbox


def message_for(mail: Any) -> EmailMessage:
    return EmailMessage(mail.subject, mail.body, to=[mail.subscription.email], headers=mail.headers or None)


outbox = Outbox("alerts.AlertMail", "Courriel de suivi", "alerts_send_pending_mails", message_for)


@task()
def deliver_mail(mail_id: int, attempt: int = 1) -> bool:
    return outbox.deliver_or_retry(deliver_mail, mail_id, attempt)


def enqueue(mail_id: int) -> None:
    outbox.enqueue(deliver_mail, mail_id)
