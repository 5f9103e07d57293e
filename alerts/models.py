"""« Suivre cette pratique »: a reader leaves an e-mail address, confirms it (double opt-in), and is told when the
practice's evidence level changes, a publication is added, a training session opens or its support teams change.

Nothing else is collected: no account, no name, no cookie. An unconfirmed address is erased after
`UNCONFIRMED_DAYS`; a confirmed one is kept until the reader unsubscribes (one click, in every mail), which erases
it. Alert mails are saved rows sent by the outbox (outbox/delivery.py), kept `SENT_MAIL_DAYS` after sending.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone

from outbox.models import SavedMail

UNCONFIRMED_DAYS = 7
SENT_MAIL_DAYS = 30


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    email = models.EmailField("adresse", max_length=254)
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique suivie",
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField("jeton", max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    confirmation_sent_at = models.DateTimeField("confirmation envoyée le", null=True, blank=True)

    class Meta:
        verbose_name = "abonnement à une pratique"
        verbose_name_plural = "abonnements aux pratiques"
        constraints = [
            models.UniqueConstraint(fields=["email", "practice"], name="alerts_one_subscription_per_practice")
        ]
        indexes = [models.Index(fields=["practice", "confirmed_at"], name="alerts_sub_practice")]

    def __str__(self) -> str:
        return f"{self.email} → {self.practice_id}"


class PracticeState(models.Model):
    """What subscribers were last told about a practice: a new publication is compared with it."""

    practice = models.OneToOneField(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    state = models.JSONField("état connu", default=dict)
    updated_at = models.DateTimeField("mis à jour le", default=timezone.now)

    class Meta:
        verbose_name = "état connu d'une pratique"


class AlertMail(SavedMail):
    """One saved e-mail (confirmation or alert), sent by the outbox once, retried, deleted with its subscription."""

    key = models.CharField("clé", max_length=64, unique=True)
    subscription = models.ForeignKey(
        Subscription, verbose_name="abonnement", on_delete=models.CASCADE, related_name="mails"
    )
    subject = models.CharField("objet", max_length=255)
    body = models.TextField("texte")
    headers = models.JSONField("en-têtes", default=dict, blank=True)

    class Meta:
        verbose_name = "courriel de suivi"
        verbose_name_plural = "courriels de suivi"
        indexes = [models.Index(fields=["status", "created_at"], name="alerts_mail_status")]
