"""Writing to the append-only audit trail."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hub.models import AuditEvent


def record(verb, *, actor=None, call=None, target=None, payload=None, now=None):
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        call=call,
        verb=verb,
        target_ct=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        payload=payload or {},
        created_at=now or timezone.now(),
    )
