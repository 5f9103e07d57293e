"""Emails of the hub, sent through django.core.mail and logged once per (recipient, template, context)."""

import hashlib
import json

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from hub.models import NotificationLog

from .timezones import user_time_zone


def send(template, recipient, context, *, dedupe=None, attachments=(), now=None):
    """Render templates/hub/emails/<template>.txt (first line = subject) in the recipient's time zone.

    `dedupe` (any JSON-able value) makes the send idempotent: the same template, recipient and dedupe key
    are sent once. Returns True when an email went out."""
    if not recipient.email:
        return False
    now = now or timezone.now()
    key = hashlib.sha256(json.dumps(dedupe if dedupe is not None else [template, str(now)], sort_keys=True,
                                    default=str).encode()).hexdigest()
    try:
        with transaction.atomic():
            NotificationLog.objects.create(recipient=recipient, template=template, context_hash=key, sent_at=now)
    except IntegrityError:
        return False
    with timezone.override(user_time_zone(recipient)):
        text = render_to_string(f"hub/emails/{template}.txt", {"recipient": recipient, **context})
    subject, _, body = text.strip().partition("\n")
    message = EmailMessage(subject.strip(), body.strip() + "\n", to=[recipient.email])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
    return True
