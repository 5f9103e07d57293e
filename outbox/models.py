"""The fields every saved mail has (outbox/delivery.py claims, sends and marks them): an abstract model that an
app's mail model extends with its own recipient, key and text."""

from django.db import models
from django.utils import timezone


class SavedMail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "en attente"
        SENDING = "sending", "en cours d'envoi"
        SENT = "sent", "envoyé"
        FAILED = "failed", "échec, nouvel essai prévu"

    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    claimed_at = models.DateTimeField("pris en charge le", null=True, blank=True)
    last_error = models.CharField("dernière erreur", max_length=255, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        abstract = True
