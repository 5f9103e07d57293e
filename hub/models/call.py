"""The yearly call, its published grid and its support paths."""

import hashlib
import json

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hub.exceptions import GridFrozen

from .choices import REFERENCE_TIME_ZONE, TIME_ZONES, Maturity

# Anchors of the 0–5 scale (EU wording, translated); a call may refine them per criterion.
DEFAULT_ANCHORS = {
    "0": "Ne traite pas le critère ou information manquante",
    "1": "Insuffisant",
    "2": "Passable, faiblesses importantes",
    "3": "Bien, quelques lacunes",
    "4": "Très bien, lacunes mineures",
    "5": "Excellent",
}


class Priority(models.Model):
    """One of the 21 priorities defined by the scientific committee; each call picks its theme among them."""

    code = models.SlugField("code", unique=True)
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "priorité"
        ordering = ["order", "code"]

    def __str__(self):
        return self.title


class CallStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    ANNOUNCED = "announced", "Annoncé"
    OPEN = "open", "Candidatures ouvertes"
    CLOSED = "closed", "Candidatures closes"
    ELIGIBILITY = "eligibility", "Examen de l'éligibilité"
    REVIEW = "review", "Évaluation par le comité"
    CONSENSUS = "consensus", "Consensus"
    DELIBERATION = "deliberation", "Délibération"
    RESULTS_PUBLISHED = "results_published", "Résultats publiés"
    ARCHIVED = "archived", "Archivé"


class Call(models.Model):
    year = models.PositiveSmallIntegerField("année", unique=True)
    slug = models.SlugField("adresse", unique=True, help_text="Par exemple « appel-2026 ».")
    title = models.CharField("titre", max_length=200)
    intro = models.TextField("présentation", blank=True)
    theme = models.ForeignKey(
        Priority, on_delete=models.PROTECT, null=True, blank=True, related_name="calls", verbose_name="thème"
    )
    theme_decision_note = models.TextField("décision du comité sur le thème", blank=True)
    white_paper_url = models.URLField("livre blanc (lien)", blank=True)
    congress = models.TextField("congrès (date, lieu, format)", blank=True)
    eligibility_text = models.TextField("qui peut candidater", blank=True)
    status = models.CharField("état", max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    opens_at = models.DateTimeField("ouverture des candidatures")
    closes_at = models.DateTimeField("clôture des candidatures")
    review_opens_at = models.DateTimeField("début de l'évaluation")
    review_deadline = models.DateTimeField("fin de l'évaluation")
    consensus_deadline = models.DateTimeField("fin du consensus", null=True, blank=True)
    consensus_extended_until = models.DateTimeField("consensus prolongé jusqu'au", null=True, blank=True)
    consensus_extension_reason = models.TextField("motif de la prolongation du consensus", blank=True)
    results_published_at = models.DateTimeField("publication des résultats", null=True, blank=True)
    reference_time_zone = models.CharField(
        "fuseau horaire de référence",
        max_length=40,
        choices=TIME_ZONES,
        default=REFERENCE_TIME_ZONE,
        help_text="Les dates de l'appel sont saisies et publiées dans ce fuseau ; chaque lecteur les voit aussi à son heure.",
    )
    min_reviews_per_application = models.PositiveSmallIntegerField(
        "évaluations minimum par dossier", default=3
    )
    n_selected = models.PositiveSmallIntegerField("pépites sélectionnées", default=12)
    n_laureates = models.PositiveSmallIntegerField("lauréats", default=3)
    overall_threshold = models.DecimalField(
        "seuil global (sur 100)", max_digits=5, decimal_places=2, default=60
    )
    min_hr_fte = models.DecimalField(
        "ressources humaines minimales (ETP moyen sur la durée)", max_digits=4, decimal_places=2, default=1
    )
    grid_frozen_at = models.DateTimeField("grille figée le", null=True, blank=True, editable=False)
    grid_hash = models.CharField("empreinte de la grille", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "appel à pépites"
        verbose_name_plural = "appels à pépites"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="hub_call_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(review_opens_at__gte=F("closes_at")), name="hub_call_review_after_closing"
            ),
            models.CheckConstraint(
                condition=Q(review_deadline__gt=F("review_opens_at")),
                name="hub_call_review_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=Q(n_laureates__lte=F("n_selected")), name="hub_call_laureates_le_selected"
            ),
        ]

    # Fields that are part of the published selection rule: frozen with the grid.
    RULE_FIELDS = ("overall_threshold", "n_selected", "n_laureates", "min_hr_fte")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk and self.grid_frozen_at:
            stored = Call.objects.filter(pk=self.pk).values(*self.RULE_FIELDS).first()
            if stored and any(stored[f] != getattr(self, f) for f in self.RULE_FIELDS):
                raise GridFrozen(
                    "La grille et la règle de sélection sont figées depuis l'annonce de l'appel."
                )
        super().save(*args, **kwargs)

    @property
    def is_grid_frozen(self):
        return self.grid_frozen_at is not None

    def accepts_applications(self, now=None):
        """Deadlines are checked against the clock, whatever the stored status says (a late cron cannot extend them)."""
        now = now or timezone.now()
        return (
            self.status in (CallStatus.ANNOUNCED, CallStatus.OPEN) and self.opens_at <= now < self.closes_at
        )

    @property
    def effective_consensus_deadline(self):
        """The published end of the consensus, or the chair's documented extension."""
        return self.consensus_extended_until or self.consensus_deadline

    def accepts_consensus(self, now=None):
        now = now or timezone.now()
        deadline = self.effective_consensus_deadline
        return self.status == CallStatus.CONSENSUS and (deadline is None or now < deadline)

    def accepts_reviews(self, now=None):
        now = now or timezone.now()
        return self.status == CallStatus.REVIEW and now < self.review_deadline

    def canonical_grid(self):
        """The published grid and selection rule as plain data; its sha256 is the grid hash."""
        return {
            "call": self.year,
            "overall_threshold": str(self.overall_threshold),
            "n_selected": self.n_selected,
            "n_laureates": self.n_laureates,
            "criteria": [
                {
                    "code": c.code,
                    "label": c.label,
                    "guidance": c.guidance,
                    "anchors": c.anchors,
                    "weight": c.weight,
                    "threshold_half": c.threshold_half,
                    "tie_break_rank": c.tie_break_rank,
                    "order": c.order,
                }
                for c in self.criteria.order_by("order", "code")
            ],
        }

    def compute_grid_hash(self):
        payload = json.dumps(self.canonical_grid(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name="appel")
    code = models.CharField("code", max_length=10)
    label = models.CharField("critère", max_length=200)
    guidance = models.TextField("ce que l'expert regarde", blank=True)
    anchors = models.JSONField("descripteurs de l'échelle", default=dict, blank=True)
    weight = models.PositiveSmallIntegerField("poids (%)")
    threshold_half = models.PositiveSmallIntegerField(
        "seuil éliminatoire (en demi-points)",
        null=True,
        blank=True,
        help_text="6 = 3 sur 5. Vide : pas de seuil.",
    )
    tie_break_rank = models.PositiveSmallIntegerField("rang pour départager", null=True, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "critère"
        ordering = ["call", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="hub_criterion_code_unique_per_call"),
            models.UniqueConstraint(
                fields=["call", "tie_break_rank"],
                condition=Q(tie_break_rank__isnull=False),
                name="hub_criterion_tie_break_unique_per_call",
            ),
            models.CheckConstraint(condition=Q(weight__lte=100), name="hub_criterion_weight_le_100"),
            models.CheckConstraint(
                condition=Q(threshold_half__isnull=True) | Q(threshold_half__lte=10),
                name="hub_criterion_threshold_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.label}"

    def _refuse_if_frozen(self):
        call_id = self.call_id
        if call_id and Call.objects.filter(pk=call_id, grid_frozen_at__isnull=False).exists():
            raise GridFrozen(
                "La grille est figée depuis l'annonce de l'appel : aucun critère ne peut changer."
            )

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    @property
    def threshold_points(self):
        return None if self.threshold_half is None else self.threshold_half / 2

    def anchor_list(self):
        anchors = self.anchors or DEFAULT_ANCHORS
        return [(int(k), v) for k, v in sorted(anchors.items(), key=lambda kv: int(kv[0]))]


class SupportPath(models.Model):
    """One of the three enhanced paths offered to the laureates, matched to their maturity."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="paths", verbose_name="appel")
    code = models.SlugField("code")
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    maturity = models.CharField("stade de maturité", max_length=20, choices=Maturity.choices)
    capacity = models.PositiveSmallIntegerField("places", null=True, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "parcours renforcé"
        verbose_name_plural = "parcours renforcés"
        ordering = ["call", "order"]
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="hub_path_code_unique_per_call")]

    def __str__(self):
        return self.title
