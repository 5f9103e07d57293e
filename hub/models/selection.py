"""Selection runs, recorded committee decisions, outcomes, support activities and the public listing."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.search import index


class SelectionRun(models.Model):
    call = models.ForeignKey("hub.Call", on_delete=models.PROTECT, related_name="selection_runs")
    computed_at = models.DateTimeField("calculée le")
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    algorithm_version = models.CharField("version de l'algorithme", max_length=20)
    inputs = models.JSONField("données d'entrée")
    inputs_hash = models.CharField("empreinte des données d'entrée", max_length=64)
    result = models.JSONField("résultat")
    result_hash = models.CharField("empreinte du résultat", max_length=64)
    is_final = models.BooleanField("définitive", default=False)
    # Two-person rule: the chair finalises, someone of the secretariat (another person) confirms.
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rendue définitive par",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="confirmée par",
    )
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True)

    class Meta:
        verbose_name = "calcul de sélection"
        verbose_name_plural = "calculs de sélection"
        ordering = ["call", "-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"], condition=Q(is_final=True), name="hub_one_final_run_per_call"
            )
        ]

    def __str__(self):
        return f"Sélection {self.call} du {self.computed_at:%d/%m/%Y %H:%M}"


class TieBreakVote(models.Model):
    """A committee vote recorded to order applications still tied at a cut line after the published chain."""

    call = models.ForeignKey("hub.Call", on_delete=models.CASCADE, related_name="tie_break_votes")
    application = models.ForeignKey("hub.Application", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField("rang décidé dans l'égalité")
    minutes = models.TextField("compte rendu du vote")
    voters = models.ManyToManyField("hub.Expert", related_name="+", verbose_name="votants")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("enregistré le")

    class Meta:
        verbose_name = "vote de départage"
        constraints = [
            models.UniqueConstraint(fields=["call", "application"], name="hub_one_tie_vote_per_application"),
            models.CheckConstraint(condition=~Q(minutes=""), name="hub_tie_vote_has_minutes"),
        ]


class Override(models.Model):
    """A human decision that departs from the computed selection; always justified and audited."""

    class Kind(models.TextChoices):
        PATH = "path", "Choix du parcours d'un lauréat"
        EXCLUDE = "exclude", "Retrait de la sélection"

    call = models.ForeignKey("hub.Call", on_delete=models.CASCADE, related_name="overrides")
    application = models.ForeignKey("hub.Application", on_delete=models.CASCADE, related_name="overrides")
    kind = models.CharField("nature", max_length=10, choices=Kind.choices)
    path = models.ForeignKey(
        "hub.SupportPath", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    justification = models.TextField("justification")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("décidé le")

    class Meta:
        verbose_name = "décision dérogatoire"
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="hub_one_override_per_kind"),
            models.CheckConstraint(condition=~Q(justification=""), name="hub_override_justified"),
            models.CheckConstraint(
                condition=Q(kind="exclude") | Q(path__isnull=False), name="hub_path_override_has_path"
            ),
        ]


class Outcome(models.Model):
    class Kind(models.TextChoices):
        LAUREATE = "laureate", "Lauréate (parcours renforcé)"
        SELECTED = "selected", "Pépite sélectionnée"
        LISTED = "listed", "Pépite référencée"
        NOT_RETAINED = "not_retained", "Non retenue"
        INELIGIBLE = "ineligible", "Non éligible"
        WITHDRAWN = "withdrawn", "Retirée"

    call = models.ForeignKey("hub.Call", on_delete=models.PROTECT, related_name="outcomes")
    application = models.OneToOneField("hub.Application", on_delete=models.PROTECT, related_name="outcome")
    outcome = models.CharField("résultat", max_length=15, choices=Kind.choices)
    rank = models.PositiveSmallIntegerField("rang", null=True, blank=True)
    rank_band = models.CharField("tranche de classement", max_length=60, blank=True)
    total_score = models.DecimalField("note officielle (sur 100)", max_digits=6, decimal_places=2, null=True)
    path = models.ForeignKey(
        "hub.SupportPath", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_justification = models.TextField("justification de la dérogation", blank=True)
    selection_run = models.ForeignKey(SelectionRun, on_delete=models.PROTECT, related_name="outcomes")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("décidé le")

    class Meta:
        verbose_name = "résultat"
        ordering = ["call", "rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="laureate") & Q(path__isnull=False))
                | (~Q(outcome="laureate") & Q(path__isnull=True)),
                name="hub_path_iff_laureate",
            ),
            models.UniqueConstraint(
                fields=["call", "rank"], condition=Q(rank__isnull=False), name="hub_rank_unique_per_call"
            ),
        ]

    def __str__(self):
        return f"{self.application.reference} : {self.get_outcome_display()}"


class SupportActivity(models.Model):
    class Kind(models.TextChoices):
        LISTING = "listing", "Référencement sur la plateforme 3P"
        PITCH_COACHING = "pitch_coaching", "Création et diffusion d'un pitch oral"
        PROMOTION = "promotion", "Promotion dans le réseau PositiveMinders"
        MEDIA_TRAINING = "media_training", "Média training"
        PATH_SUPPORT = "path_support", "Parcours renforcé"

    class Status(models.TextChoices):
        PLANNED = "planned", "Prévu"
        SCHEDULED = "scheduled", "Programmé"
        DONE = "done", "Réalisé"

    application = models.ForeignKey(
        "hub.Application", on_delete=models.CASCADE, related_name="support_activities"
    )
    kind = models.CharField("accompagnement", max_length=20, choices=Kind.choices)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PLANNED)
    scheduled_at = models.DateTimeField("prévu le", null=True, blank=True)
    done_at = models.DateTimeField("réalisé le", null=True, blank=True)
    note = models.TextField("notes", blank=True)

    class Meta:
        verbose_name = "accompagnement"
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="hub_one_activity_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.application.reference}"


class PublicListing(index.Indexed, models.Model):
    class Badge(models.TextChoices):
        LAUREATE = "laureate", "Lauréate"
        PEPITE = "pepite", "Pépite"
        LISTED = "listed", "Référencée"

    application = models.OneToOneField("hub.Application", on_delete=models.CASCADE, related_name="listing")
    slug = models.SlugField("adresse", max_length=80, unique=True)
    badge = models.CharField("distinction", max_length=10, choices=Badge.choices)
    public_title = models.CharField("titre", max_length=200)
    public_summary = models.TextField("résumé", blank=True)
    organisation_name = models.CharField("organisation", max_length=200)
    country = models.CharField("pays", max_length=2)
    path = models.ForeignKey(
        "hub.SupportPath", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Shown only when the organisation accepted the listing in its application (public_listing_consent).
    territory = models.CharField("territoire", max_length=200, blank=True)
    audience = models.TextField("personnes concernées", blank=True)
    transferability = models.TextField("ce qui la rend transférable", blank=True)
    contact = models.CharField("contact (site de l'organisation)", max_length=200, blank=True)
    practice = models.ForeignKey(
        "practices.PracticePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fiche de bonne pratique",
    )
    published_at = models.DateTimeField("publiée le")
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "pépite publiée"
        verbose_name_plural = "pépites publiées"
        ordering = ["badge", "public_title"]

    # Site search reads the pépites from Wagtail's search index (kept up to date by its own signal handlers),
    # as it reads the support teams: one indexed query whatever the number of pépites.
    search_fields = [
        index.SearchField("public_title", boost=2),
        index.AutocompleteField("public_title"),
        index.SearchField("public_summary"),
        index.SearchField("organisation_name"),
        index.SearchField("territory"),
        index.SearchField("audience"),
        index.SearchField("transferability"),
        index.SearchField("search_keywords"),
    ]

    def __str__(self):
        return self.public_title

    def search_keywords(self):
        """Words a reader may type that the pépite's own text need not contain."""
        return f"pépite PositiveHub {self.get_badge_display()} {self.country_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("hub:pepite-detail", args=[self.slug])

    @property
    def status_label(self):
        """The reader's words for the status: « Lauréate (parcours …) », « Pépite sélectionnée », « Éligible »."""
        if self.badge == self.Badge.LAUREATE:
            return f"Lauréate ({self.path.title})" if self.path_id else "Lauréate"
        if self.badge == self.Badge.PEPITE:
            return "Pépite sélectionnée"
        return "Éligible, référencée"

    @property
    def country_name(self):
        from .choices import COUNTRIES

        return dict(COUNTRIES).get(self.country, self.country)
