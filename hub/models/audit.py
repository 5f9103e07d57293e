"""Append-only audit trail and the log of sent notifications."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from hub.exceptions import AuditIsAppendOnly


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditIsAppendOnly("Le journal d'audit ne peut pas être modifié.")

    def delete(self):
        raise AuditIsAppendOnly("Le journal d'audit ne peut pas être effacé.")


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    call = models.ForeignKey(
        "hub.Call", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    verb = models.CharField("action", max_length=60)
    target_ct = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=40, blank=True)
    payload = models.JSONField("détails", default=dict, blank=True)
    created_at = models.DateTimeField("le", db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "événement d'audit"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.verb}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditIsAppendOnly("Le journal d'audit ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditIsAppendOnly("Le journal d'audit ne peut pas être effacé.")


class NotificationLog(models.Model):
    """One e-mail of the hub: saved with its rendered text, then sent by the task queue (hub/tasks.py).

    `sent_at` is set only once the mail server accepted the message; a failed mail stays `failed` and is tried
    again (by the queue, then by `hub_send_pending_mails`), never dropped and never sent twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "en attente"
        SENDING = "sending", "en cours d'envoi"
        SENT = "sent", "envoyé"
        FAILED = "failed", "échec, nouvel essai prévu"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    template = models.CharField("modèle", max_length=80)
    context_hash = models.CharField(max_length=64)
    to_email = models.EmailField("destinataire", blank=True)
    subject = models.CharField("objet", max_length=255, blank=True)
    body = models.TextField("texte", blank=True)
    created_at = models.DateTimeField("créé le", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    claimed_at = models.DateTimeField("pris en charge le", null=True, blank=True)
    last_error = models.CharField("dernière erreur", max_length=255, blank=True)

    class Meta:
        verbose_name = "notification"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "template", "context_hash"], name="hub_notification_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.template} → {self.to_email} ({self.get_status_display()})"
