"""Requests for training or implementation support, addressed to support teams (RGPD: minimum data, retention)."""

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

MESSAGE_MAX_LENGTH = 5000


def retention_days():
    return int(getattr(settings, "TRAINING_REQUEST_RETENTION_DAYS", 730))


class TrainingRequestQuerySet(models.QuerySet):
    def for_team_member(self, user):
        return self.filter(team__memberships__user=user)

    def expired(self, now=None):
        limit = (now or timezone.now()) - timezone.timedelta(days=retention_days())
        return self.filter(created_at__lt=limit, anonymised_at__isnull=True)

    def pending_notification(self, max_attempts=10):
        return self.filter(
            notified_at__isnull=True, notification_attempts__lt=max_attempts, anonymised_at__isnull=True
        )


class TrainingRequest(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", "Demande d'information"
        TRAINING = "formation", "Formation"
        IMPLEMENTATION = "accompagnement", "Accompagnement à l'implantation"

    class Status(models.TextChoices):
        NEW = "nouvelle", "Nouvelle"
        IN_PROGRESS = "en-cours", "En cours"
        DONE = "realisee", "Réalisée"
        DECLINED = "declinee", "Déclinée"

    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_requests",
    )
    team = models.ForeignKey(
        "practices.SupportTeam",
        verbose_name="équipe d'appui",
        on_delete=models.CASCADE,
        related_name="training_requests",
    )
    name = models.CharField("nom et prénom", max_length=120)
    email = models.EmailField("adresse électronique")
    organisation = models.CharField("structure", max_length=200)
    role = models.CharField("fonction", max_length=120)
    departement = models.ForeignKey(
        "practices.Departement", verbose_name="département", on_delete=models.PROTECT
    )
    kind = models.CharField("votre demande", max_length=20, choices=Kind.choices)
    message = models.TextField("message", validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    consent = models.BooleanField("consentement")
    created_at = models.DateTimeField("reçue le", default=timezone.now, db_index=True)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.NEW)
    team_note = models.TextField("note de l'équipe", blank=True)
    notified_at = models.DateTimeField("courriels envoyés le", null=True, blank=True)
    notification_attempts = models.PositiveSmallIntegerField("tentatives d'envoi", default=0)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)
    # Follow-up without an account: a reference to quote, a private link, and what the team told the requester.
    reference = models.CharField(
        "référence", max_length=20, unique=True, null=True, blank=True, editable=False
    )
    follow_up_token = models.CharField(
        "jeton du lien de suivi", max_length=64, unique=True, null=True, blank=True, editable=False
    )
    follow_up_log = models.JSONField("historique du suivi", default=list, blank=True, editable=False)
    # The one-time token of the form that sent the request: the same form sent twice (a double click, a reload,
    # a retry after a network error) finds its request instead of making a second one and a second mail.
    submission_token = models.CharField(
        "jeton du formulaire", max_length=64, unique=True, null=True, blank=True, editable=False
    )

    objects = TrainingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de formation ou d'accompagnement"
        verbose_name_plural = "demandes de formation ou d'accompagnement"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.organisation} ({self.created_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self.follow_up_token:
            self.follow_up_token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)
        if not self.reference:
            self.reference = f"D-{self.created_at:%Y}-{self.pk:05d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    def follow_up_url(self):
        from django.urls import reverse

        return settings.WAGTAILADMIN_BASE_URL + reverse(
            "practices:request-follow-up", args=[self.follow_up_token]
        )

    def log_follow_up(self, status, message="", now=None):
        """Record a status change and the team's message to the requester (shown on the follow-up page)."""
        entry = {"at": (now or timezone.now()).isoformat(), "status": status, "message": message}
        self.follow_up_log = [*self.follow_up_log, entry]
        return entry

    def follow_up_entries(self):
        labels = dict(self.Status.choices)
        from django.utils.dateparse import parse_datetime

        return [
            {
                "at": parse_datetime(e["at"]),
                "status": labels.get(e.get("status"), ""),
                "message": e.get("message", ""),
            }
            for e in self.follow_up_log
        ]

    def anonymise(self, now=None):
        self.name = "Personne anonymisée"
        self.email = f"anonyme-{self.pk}@example.org"
        self.organisation = "—"
        self.role = "—"
        self.message = "Message effacé (durée de conservation dépassée ou demande d'effacement)."
        self.follow_up_log = []
        self.team_note = ""  # the team's own note may name the person or quote them
        self.anonymised_at = now or timezone.now()
        self.save()

    def personal_data(self):
        return {
            "nom": self.name,
            "adresse électronique": self.email,
            "structure": self.organisation,
            "fonction": self.role,
            "département": str(self.departement),
            "demande": self.get_kind_display(),
            "message": self.message,
            "reçue le": self.created_at.isoformat(),
            "équipe d'appui": self.team.name,
            "bonne pratique": self.practice.title if self.practice_id else "",
            "référence": self.reference or "",
            "état": self.get_status_display(),
            "note de l'équipe": self.team_note,
            "suivi": [
                f"{e['at']} {e.get('status', '')} {e.get('message', '')}".strip() for e in self.follow_up_log
            ],
        }


class TeamMembership(models.Model):
    """A user who keeps a support team's sheet current and answers its requests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    team = models.ForeignKey("practices.SupportTeam", on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = "membre d'une équipe d'appui"
        verbose_name_plural = "membres des équipes d'appui"
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="practices_one_membership_per_team")
        ]

    def __str__(self):
        return f"{self.user} — {self.team}"
