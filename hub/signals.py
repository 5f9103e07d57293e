"""The hub's page-cache receivers: a call's state shows on the trees' news pages and cards (`hub_news` tags)."""

from django.db.models.signals import post_delete, post_save

from pagecache import purge_everything
from pagecache.core import now_and_after_commit


def _call_changed(sender, instance, **kwargs):
    now_and_after_commit(purge_everything, "appel à pépites modifié")


def _audit_recorded(sender, instance, created, **kwargs):
    # Every state change of a call is recorded as « call.<transition> » (hub/services/transitions.py); they use
    # queryset updates, which send no post_save for the call itself.
    if created and instance.verb.startswith("call."):
        now_and_after_commit(purge_everything, f"appel à pépites : {instance.verb}")


def connect():
    from hub.models import AuditEvent, Call

    post_save.connect(_call_changed, sender=Call, dispatch_uid="hub-call-saved")
    post_delete.connect(_call_changed, sender=Call, dispatch_uid="hub-call-deleted")
    post_save.connect(_audit_recorded, sender=AuditEvent, dispatch_uid="hub-call-audit")
