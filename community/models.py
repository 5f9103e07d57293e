"""« Échanger »: members, threads on a practice, one level of replies, marks, follows, reports, moderation log.

Everything a member writes may reveal health information (RGPD art. 9): it is kept only while the account
exists, the member's consent is recorded with the version of the text they agreed to, and erasing the account
deletes everything they wrote (see community/README.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from outbox.models import SavedMail

CONSENT_VERSION = "2026-12-01"
CONSENT_TEXT = (
    "Ce que j'écris ici peut dire des choses sur ma santé, ou celle d'un proche. "
    "J'accepte que le site garde ces messages et les montre aux lecteurs sous mon pseudonyme, "
    "tant que mon compte existe. Je peux retirer mon accord et effacer mon compte à tout moment."
)


class Member(models.Model):
    """A person who takes part: a pseudonym, a verified e-mail, a recorded consent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_member"
    )
    pseudonym = models.CharField("pseudonyme", max_length=40, unique=True)
    email_verified_at = models.DateTimeField("adresse confirmée le", null=True, blank=True)
    consent_given_at = models.DateTimeField("accord donné le", null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField("accord retiré le", null=True, blank=True)
    consent_version = models.CharField("version du texte accepté", max_length=20, blank=True)
    trusted = models.BooleanField(
        "membre de confiance",
        default=False,
        help_text="Ses messages sont publiés sans attendre la modération.",
    )
    banned_at = models.DateTimeField("exclu le", null=True, blank=True)
    ban_reason = models.TextField("motif de l'exclusion", blank=True)
    is_demo = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField("inscrit le", default=timezone.now)

    class Meta:
        verbose_name = "membre"
        constraints = [models.UniqueConstraint(Lower("pseudonym"), name="community_pseudonym_unique_ci")]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None

    @property
    def can_post(self) -> bool:
        return self.email_verified_at is not None and self.has_consent and not self.is_banned


class Status(models.TextChoices):
    PENDING = "pending", "En attente de modération"
    PUBLISHED = "published", "Publié"
    REJECTED = "rejected", "Refusé"
    HIDDEN = "hidden", "Masqué"


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def for_practices(self, practice_ids):
        """Posts on these practices (None: all practices)."""
        if practice_ids is None:
            return self
        field = "practice_id__in" if self.model is Thread else "thread__practice_id__in"
        return self.filter(**{field: practice_ids})


class Post(models.Model):
    """What threads and replies share: a plain-text body, an author, a moderation status."""

    body = models.TextField("message", max_length=10_000)
    author = models.ForeignKey(Member, verbose_name="auteur", on_delete=models.CASCADE, related_name="+")
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.PENDING)
    distress = models.BooleanField("exprime une détresse", default=False)
    masked_contact = models.BooleanField("coordonnées masquées", default=False)
    report_count = models.PositiveIntegerField("signalements", default=0)
    needs_review = models.BooleanField("à revoir", default=False)
    submission_key = models.UUIDField("clé d'envoi", null=True, blank=True, unique=True, editable=False)
    is_demo = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField("écrit le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    objects = PostQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Thread(Post):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        TESTIMONY = "testimony", "Témoignage"
        FIELD = "field", "Expérience de terrain"

    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        on_delete=models.CASCADE,
        related_name="community_threads",
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField("titre", max_length=200)
    author = models.ForeignKey(
        Member, verbose_name="auteur", on_delete=models.CASCADE, related_name="threads"
    )
    pinned = models.BooleanField("épinglé", default=False)
    closed = models.BooleanField("fermé aux réponses", default=False)
    published_at = models.DateTimeField("publié le", null=True, blank=True)

    class Meta:
        verbose_name = "fil d'échange"
        verbose_name_plural = "fils d'échange"
        indexes = [
            models.Index(
                fields=["practice", "status", "-pinned", "-created_at"], name="community_thread_list"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:thread", args=[self.pk, slugify(self.title)[:60] or "fil"])

    @property
    def thread(self) -> Thread:
        return self

    is_thread = True


class Reply(Post):
    thread = models.ForeignKey(Thread, verbose_name="fil", on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        Member, verbose_name="auteur", on_delete=models.CASCADE, related_name="replies"
    )
    as_team = models.ForeignKey(
        "practices.SupportTeam",
        verbose_name="au nom de l'équipe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_replies",
    )
    as_moderator = models.BooleanField("au titre de la modération", default=False)

    class Meta:
        verbose_name = "réponse"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Réponse à « {self.thread_id} »"

    is_thread = False

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#reponse-{self.pk}"


class UsefulMark(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="useful_marks")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="useful_marks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "mention « utile »"
        constraints = [
            models.UniqueConstraint(fields=["reply", "member"], name="community_one_mark_per_member")
        ]


class Follow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "suivi d'un fil"
        constraints = [
            models.UniqueConstraint(fields=["thread", "member"], name="community_one_follow_per_member")
        ]


class Report(models.Model):
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reply = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField("motif", max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "signalement"
        constraints = [
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(reply__isnull=True))
                | (Q(thread__isnull=True) & Q(reply__isnull=False)),
                name="community_report_targets_one_post",
            ),
            models.UniqueConstraint(fields=["thread", "reporter"], name="community_one_report_per_thread"),
            models.UniqueConstraint(fields=["reply", "reporter"], name="community_one_report_per_reply"),
        ]


class ModerationDecision(models.Model):
    """Who decided what, on which post or member, why and when. Kept when the post is deleted."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approuvé"
        REJECT = "reject", "Refusé"
        HIDE = "hide", "Masqué"
        BAN = "ban", "Membre exclu"
        TRUST = "trust", "Membre de confiance"
        PIN = "pin", "Épinglé"
        UNPIN = "unpin", "Désépinglé"
        CLOSE = "close", "Fermé"
        REOPEN = "reopen", "Rouvert"
        AUTO_HIDE = "auto_hide", "Masqué après signalements"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("décision", max_length=20, choices=Action.choices)
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    subject = models.CharField("sur", max_length=250, blank=True, help_text="Gardé si le message est effacé.")
    reason = models.TextField("motif", blank=True)
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "décision de modération"
        verbose_name_plural = "décisions de modération"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} : {self.subject}"


class PageFeedback(models.Model):
    """« Cette page vous a-t-elle aidé ? »: an answer, with an optional why. Nothing about the visitor is kept
    (no cookie, no address); one answer per visitor, page and day is enforced by a short-lived cache key."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="page", on_delete=models.CASCADE, related_name="+"
    )
    helpful = models.BooleanField("la page a aidé")
    reason = models.TextField("pourquoi", max_length=1000, blank=True)
    day = models.DateField("jour", default=timezone.localdate)

    class Meta:
        verbose_name = "avis sur une page"
        verbose_name_plural = "avis sur les pages"
        indexes = [models.Index(fields=["page", "day"], name="community_feedback_page_day")]

    def __str__(self) -> str:
        return f"{self.page_id} : {'oui' if self.helpful else 'non'}"


class PracticeCommunity(models.Model):
    """Whom the space of a practice addresses first, chosen by its support teams (seed 001: « de préférence la
    communauté des personnes directement concernées »)."""

    class Audience(models.TextChoices):
        CONCERNED = "concerned", "aux personnes concernées"
        RELATIVES = "relatives", "aux proches"
        PROFESSIONALS = "professionals", "aux professionnels"

    practice = models.OneToOneField(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        on_delete=models.CASCADE,
        related_name="community",
    )
    audience = models.CharField(
        "communauté ciblée", max_length=20, choices=Audience.choices, default=Audience.CONCERNED
    )
    welcome = models.TextField(
        "mot d'accueil",
        max_length=600,
        blank=True,
        help_text="Quelques phrases de l'équipe, en haut de l'espace.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "espace d'échange d'une pratique"

    def __str__(self) -> str:
        return f"{self.practice_id} : {self.get_audience_display()}"


# The years a poll may open or close in: anything else is a typing slip (see Poll.clean).
EARLIEST_POLL_YEAR = 2000
POLL_YEARS_AHEAD = 10


class Poll(ClusterableModel):
    """A short poll opened by editors on a practice or on the home page; one vote per member, results shown after
    voting, open from a date (now by default) until a date."""

    question = models.CharField("question", max_length=200)
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community_polls",
        help_text="Vide : le sondage concerne tout le site et il est montré sur la page d'accueil.",
    )
    opens_at = models.DateTimeField(
        "ouverture le", default=timezone.now, help_text="Le sondage est montré à partir de ce moment."
    )
    closes_at = models.DateTimeField(
        "clôture le",
        help_text="Pour clore le sondage tout de suite, mettez la date et l'heure d'aujourd'hui.",
    )
    shown_open = models.BooleanField(
        "montré ouvert", default=False, editable=False, help_text="Ce que les pages en cache montrent."
    )
    created_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldPanel("question"),
        FieldPanel("practice"),
        FieldPanel("opens_at"),
        FieldPanel("closes_at"),
        InlinePanel("choices", label="réponse possible", min_num=2),
    ]

    class Meta:
        verbose_name = "sondage"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def has_started(self) -> bool:
        return self.opens_at <= timezone.now()

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        # 0001-01-01 or 9999-12-31 are typing slips (year 1 in Paris time cannot even be stored in UTC).
        latest_year = timezone.now().year + POLL_YEARS_AHEAD
        errors = {
            name: (
                f"Cette date ne semble pas juste : écrivez une date entre {EARLIEST_POLL_YEAR} et {latest_year}, "
                f"par exemple 25/03/{timezone.now().year + 1} 14:00."
            )
            for name in ("opens_at", "closes_at")
            if getattr(self, name) and not EARLIEST_POLL_YEAR <= getattr(self, name).year <= latest_year
        }
        if errors:
            raise ValidationError(errors)
        # A poll prepared in advance must close after it opens; closing one now is always allowed.
        if (
            self.opens_at
            and self.closes_at
            and self.opens_at > timezone.now()
            and self.closes_at <= self.opens_at
        ):
            raise ValidationError({"closes_at": "La clôture doit venir après l'ouverture."})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.shown_open = self.is_open
        super().save(*args, **kwargs)


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField("réponse possible", max_length=200)

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "réponse possible"

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="poll_votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "vote"
        constraints = [
            models.UniqueConstraint(fields=["poll", "member"], name="community_one_vote_per_member")
        ]


class Mail(SavedMail):
    """One e-mail of « Échanger »: saved with its rendered text, then sent by the task queue (community/tasks.py).

    `sent_at` is set only once the mail server accepted it; a failed mail stays `failed` and is tried again (by
    the queue, then by `community_send_pending_mails`), never dropped and never sent twice. The mail goes with the
    person it is sent to, and with the member whose words it quotes, when either erases their account; sent mails
    are kept 30 days (what a person may ask about), then deleted by the same command."""

    key = models.CharField(
        "clé", max_length=64, unique=True, help_text="Le même courriel n'est créé qu'une fois."
    )
    template = models.CharField("modèle", max_length=80)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="destinataire", on_delete=models.CASCADE, related_name="+"
    )
    about = models.ForeignKey(
        Member,
        verbose_name="membre cité",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Le membre dont le courriel reprend les mots.",
    )
    to_email = models.EmailField("adresse", max_length=254)
    subject = models.CharField("objet", max_length=255)
    body = models.TextField("texte")
    headers = models.JSONField("en-têtes", default=dict, blank=True)

    class Meta:
        verbose_name = "courriel des échanges"
        verbose_name_plural = "courriels des échanges"
        indexes = [models.Index(fields=["status", "created_at"], name="community_mail_status")]

    def __str__(self) -> str:
        return f"{self.template} → {self.to_email} ({self.get_status_display()})"


from community.questionnaire import SatisfactionQuestion, SatisfactionQuestionnairePage  # noqa: E402, F401
