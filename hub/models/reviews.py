"""Conflicts of interest, assignments, reviews with one row per criterion score, and consensus."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hub.exceptions import ReviewLocked


class ConflictDeclaration(models.Model):
    class Level(models.TextChoices):
        NONE = "none", "Aucun conflit"
        POTENTIAL = "potential", "Conflit possible (à examiner par la présidence)"
        DISQUALIFYING = "disqualifying", "Conflit avéré : je me retire"

    class Relation(models.TextChoices):
        EMPLOYER = "employer", "Employeur actuel ou récent"
        COLLEAGUE = "colleague", "Collègue ou collaboration récente"
        PARTNER = "partner", "Partenaire du projet"
        FAMILY = "family", "Lien familial ou personnel"
        FUNDER = "funder", "Financeur"
        OTHER = "other", "Autre"

    class Resolution(models.TextChoices):
        PENDING = "pending", "En attente"
        WAIVED = "waived", "Levé par la présidence"
        RECUSED = "recused", "Expert récusé"

    class Source(models.TextChoices):
        SELF = "self", "Déclaré par l'expert"
        AUTO = "auto_detected", "Détecté automatiquement"

    expert = models.ForeignKey("hub.Expert", on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey("hub.Application", on_delete=models.CASCADE, related_name="conflicts")
    level = models.CharField("niveau", max_length=15, choices=Level.choices)
    relation = models.CharField("nature du lien", max_length=12, choices=Relation.choices, blank=True)
    details = models.TextField("précisions", blank=True)
    source = models.CharField("origine", max_length=15, choices=Source.choices, default=Source.SELF)
    declared_at = models.DateTimeField("déclaré le")
    resolution = models.CharField(
        "décision", max_length=10, choices=Resolution.choices, default=Resolution.PENDING
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField("décidé le", null=True, blank=True)
    resolution_note = models.TextField("motif de la décision", blank=True)

    class Meta:
        verbose_name = "déclaration de conflit d'intérêts"
        verbose_name_plural = "déclarations de conflit d'intérêts"
        constraints = [
            models.UniqueConstraint(fields=["expert", "application"], name="hub_one_coi_declaration_per_pair")
        ]

    def __str__(self):
        return f"{self.expert} / {self.application.pseudonym} : {self.get_level_display()}"

    @property
    def blocks_access(self):
        """A conflict blocks the expert unless it is 'none' or was waived by the chair."""
        return self.level != self.Level.NONE and self.resolution != self.Resolution.WAIVED


class Assignment(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invité (déclaration de conflit attendue)"
        ACTIVE = "active", "Actif"
        DECLINED = "declined", "Décliné"
        RECUSED = "recused", "Récusé"
        COMPLETED = "completed", "Évaluation déposée"

    application = models.ForeignKey("hub.Application", on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey("hub.Expert", on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField("affecté le")
    due_at = models.DateTimeField("à rendre avant")
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.INVITED)

    class Meta:
        verbose_name = "affectation"
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"], name="hub_one_assignment_per_expert_and_app"
            )
        ]

    def __str__(self):
        return f"{self.expert} → {self.application.pseudonym}"


class Review(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        SUBMITTED = "submitted", "Déposée"
        EXCLUDED = "excluded", "Écartée (conflit d'intérêts)"

    class Recommendation(models.TextChoices):
        SELECT = "select", "À sélectionner"
        DISCUSS = "discuss", "À discuter"
        NOT_SELECT = "not_select", "À ne pas sélectionner"

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.DRAFT)
    grid_hash = models.CharField("empreinte de la grille", max_length=64)
    comment_for_applicant = models.TextField("commentaire pour le porteur", blank=True)
    comment_for_committee = models.TextField("commentaire pour le comité", blank=True)
    recommendation = models.CharField(
        "recommandation", max_length=12, choices=Recommendation.choices, blank=True
    )
    confidence = models.PositiveSmallIntegerField(
        "degré d'expertise sur le sujet",
        null=True,
        blank=True,
        choices=[(1, "Faible"), (2, "Moyen"), (3, "Élevé")],
    )
    submitted_at = models.DateTimeField("déposée le", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("réouvertures", default=0)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "évaluation"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="hub_review_submitted_has_date",
            )
        ]

    def __str__(self):
        return f"Évaluation de {self.assignment}"


class CriterionScore(models.Model):
    """One row per (review, criterion); 0–10 half points (0–5 in half points)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("hub.Criterion", on_delete=models.PROTECT, related_name="scores")
    score_half = models.SmallIntegerField("note (en demi-points)", null=True, blank=True)
    justification = models.TextField("justification", blank=True)

    class Meta:
        verbose_name = "note par critère"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="hub_one_score_per_review_and_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score_half__gte=0) & Q(score_half__lte=10), name="hub_score_half_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code} : {self.points}"

    @property
    def points(self):
        return None if self.score_half is None else self.score_half / 2

    def _refuse_if_locked(self):
        if Review.objects.filter(pk=self.review_id).exclude(status=Review.Status.DRAFT).exists():
            raise ReviewLocked("Cette évaluation est déposée : ses notes ne peuvent plus changer.")

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)


class ConsensusReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "En cours"
        AGREED = "agreed", "Validé"

    application = models.OneToOneField("hub.Application", on_delete=models.CASCADE, related_name="consensus")
    rapporteur = models.ForeignKey(
        "hub.Expert", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.DRAFT)
    divergence_flagged = models.BooleanField("à discuter (divergence)", default=False)
    strengths = models.TextField("points forts", blank=True)
    weaknesses = models.TextField("points faibles", blank=True)
    summary_for_applicant = models.TextField("synthèse pour le porteur", blank=True)
    minority_view = models.TextField("avis minoritaire", blank=True)
    participants = models.ManyToManyField("hub.Expert", blank=True, related_name="consensus_reports")
    agreed_at = models.DateTimeField("validé le", null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "rapport de consensus"

    def __str__(self):
        return f"Consensus {self.application.pseudonym}"


class ConsensusScore(models.Model):
    report = models.ForeignKey(ConsensusReport, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("hub.Criterion", on_delete=models.PROTECT, related_name="+")
    score_half = models.SmallIntegerField("note de consensus (en demi-points)")
    rationale = models.TextField("justification", blank=True)

    class Meta:
        verbose_name = "note de consensus"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "criterion"], name="hub_one_consensus_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score_half__gte=0) & Q(score_half__lte=10), name="hub_consensus_score_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code} : {self.points:g}"

    @property
    def points(self):
        return self.score_half / 2
