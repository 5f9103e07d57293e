"""Emails of the hub: rendered, saved once per (recipient, template, context), then sent by the task queue.

A mail is recorded as sent only once the mail server accepted it (hub/tasks.py); a failure never reaches the
person who acted, and the saved mail is tried again until it goes out, exactly once."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from hub.models import NotificationLog

from .timezones import user_time_zone


def absolute_url(path: str) -> str:
    """A link a mail reader can click: the site's root URL (settings.WAGTAILADMIN_BASE_URL) + the path."""
    if not path.startswith("/"):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render(template: str, recipient: Any, context: dict[str, Any]) -> tuple[str, str]:
    """templates/hub/emails/<template>.txt, first line = subject, in the recipient's time zone."""
    context = {
        key: absolute_url(value) if key.endswith("url") and isinstance(value, str) else value
        for key, value in context.items()
    }
    context.setdefault("privacy_url", absolute_url("/positivehub/donnees-personnelles/"))
    context.setdefault("reply_to", getattr(settings, "HUB_REPLY_TO", ""))
    with timezone.override(user_time_zone(recipient)):
        text = render_to_string(f"hub/emails/{template}.txt", {"recipient": recipient, **context})
    subject, _, body = text.strip().partition("\n")
    return " ".join(subject.split())[:255], body.strip() + "\n"


def send(
    template: str,
    recipient: Any,
    context: dict[str, Any],
    *,
    dedupe: Any = None,
    now: datetime.datetime | None = None,
) -> bool:
    """Save the mail and queue it. Returns True when a new mail was queued.

    `dedupe` (any JSON-able value) makes the send idempotent: the same template, recipient and dedupe key
    give one mail. A mail with that key that has not gone out yet (server down) is queued again, never
    blocked; one already sent is not sent twice."""
    from hub import tasks

    if not recipient.email:
        return False
    now = now or timezone.now()
    key = hashlib.sha256(
        json.dumps(
            dedupe if dedupe is not None else [template, str(now)], sort_keys=True, default=str
        ).encode()
    ).hexdigest()
    subject, body = render(template, recipient, context)
    try:
        with transaction.atomic():
            log = NotificationLog.objects.create(
                recipient=recipient,
                template=template,
                context_hash=key,
                to_email=recipient.email,
                subject=subject,
                body=body,
                created_at=now,
            )
    except IntegrityError:
        log = NotificationLog.objects.get(recipient=recipient, template=template, context_hash=key)
        if log.status != NotificationLog.Status.SENT:
            tasks.enqueue(log.pk)
        return False
    tasks.enqueue(log.pk)
    return True
