"""Writing to the append-only audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hub.models import AuditEvent


def record(
    verb: str,
    *,
    actor: Any = None,
    call: Any = None,
    target: Any = None,
    payload: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        call=call,
        verb=verb,
        target_ct=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        payload=payload or {},
        created_at=now or timezone.now(),
    )
