"""Applications ("candidatures"), their staffing plan, attachments and eligibility screening."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q

from .choices import Maturity


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Déposée"
    INFO_REQUESTED = "info_requested", "Complément demandé"
    ELIGIBLE = "eligible", "Éligible"
    INELIGIBLE = "ineligible", "Non éligible"
    APPEAL_PENDING = "appeal_pending", "Recours en cours d'examen"
    WITHDRAWN = "withdrawn", "Retirée"
    IN_REVIEW = "in_review", "En évaluation"
    REVIEWED = "reviewed", "Évaluée"
    CONSENSUS_DONE = "consensus_done", "Consensus établi"
    LAUREATE = "laureate", "Lauréate"
    SELECTED = "selected", "Pépite sélectionnée"
    LISTED = "listed", "Pépite référencée"
    NOT_RETAINED = "not_retained", "Non retenue"


# Content fields, one per criterion family; the experts see these (never the organisation).
CONTENT_FIELDS = (
    "title",
    "summary_public",
    "practice",
    "population",
    "evidence",
    "innovation",
    "transferability",
    "participation_ethics",
)


class Application(models.Model):
    call = models.ForeignKey(
        "hub.Call", on_delete=models.PROTECT, related_name="applications", verbose_name="appel"
    )
    organisation = models.ForeignKey(
        "hub.Organisation", on_delete=models.PROTECT, related_name="applications", verbose_name="organisation"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="hub_applications"
    )
    creation_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField("référence", max_length=20, unique=True)
    pseudonym = models.CharField("pseudonyme", max_length=10)
    status = models.CharField(
        "état", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )

    title = models.CharField("titre de la pratique", max_length=200, blank=True)
    summary_public = models.TextField(
        "résumé public",
        max_length=1200,
        blank=True,
        help_text="Publié si la pépite est retenue ou référencée.",
    )
    practice = models.TextField("description de la pratique", blank=True)
    population = models.TextField("personnes concernées et besoin en santé mentale", blank=True)
    evidence = models.TextField("impact observé ou attendu, preuves et indicateurs", blank=True)
    innovation = models.TextField("ce qui rend la pratique innovante et prometteuse", blank=True)
    transferability = models.TextField("transférabilité et essaimage dans l'espace francophone", blank=True)
    participation_ethics = models.TextField(
        "participation des personnes concernées, éthique, inclusion", blank=True
    )
    project_start = models.DateField("début du projet", null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField("durée du projet (mois)", null=True, blank=True)
    maturity = models.CharField("stade de maturité", max_length=20, choices=Maturity.choices, blank=True)

    public_listing_consent = models.BooleanField(
        "accord pour être référencée sur la plateforme", null=True, blank=True
    )
    consent_at = models.DateTimeField("réponse sur le référencement le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    submitted_at = models.DateTimeField("déposée le", null=True, blank=True)
    submitted_snapshot = models.JSONField("contenu déposé", null=True, blank=True, editable=False)
    snapshot_hash = models.CharField("empreinte du dépôt", max_length=64, blank=True, editable=False)
    info_requested_until = models.DateTimeField("complément attendu avant", null=True, blank=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)

    class Meta:
        verbose_name = "candidature"
        ordering = ["call", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["call", "pseudonym"], name="hub_pseudonym_unique_per_call"),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gt=0),
                name="hub_application_duration_positive",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return f"{self.reference} — {self.title or 'sans titre'}"

    @property
    def total_person_months(self):
        return sum((line.person_months for line in self.staffing_lines.all()), Decimal(0))

    @property
    def is_editable(self):
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.INFO_REQUESTED)


class StaffingLine(models.Model):
    """One role of the human-resources plan; no names are collected (RGPD: roles are enough)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="staffing_lines")
    role_label = models.CharField("rôle ou fonction", max_length=120)
    fte = models.DecimalField("équivalent temps plein (ETP)", max_digits=4, decimal_places=2)
    months = models.PositiveSmallIntegerField("nombre de mois")
    funding_source = models.CharField("financement du poste", max_length=200, blank=True)

    class Meta:
        verbose_name = "ligne du plan de ressources humaines"
        ordering = ["application", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0) & Q(fte__lte=1), name="hub_staffing_fte_in_range"),
            models.CheckConstraint(condition=Q(months__gt=0), name="hub_staffing_months_positive"),
        ]

    def __str__(self):
        return f"{self.role_label} ({self.fte} ETP × {self.months} mois)"

    @property
    def person_months(self):
        return Decimal(self.fte) * self.months


def private_storage():
    """Applicants' files live in the private storage (settings.STORAGES["private"]), never under MEDIA_URL:
    only the hub's download view, behind the access gate, reads them."""
    return storages["private"]


def attachment_path(instance, filename):
    return f"hub/candidatures/{instance.application.call.year}/{uuid.uuid4().hex}.pdf"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField("intitulé", max_length=200)
    file = models.FileField("fichier PDF", upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField("nom d'origine", max_length=255, blank=True)
    size = models.PositiveIntegerField("taille (octets)", default=0)
    sha256 = models.CharField("empreinte", max_length=64, blank=True)
    uploaded_at = models.DateTimeField("ajoutée le", auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["application", "uploaded_at", "id"]

    def __str__(self):
        return self.label


class FormToken(models.Model):
    """A one-time token carried by a form that creates rows (staffing lines, attachments): the same form posted
    twice (double click, replayed request) is saved once."""

    token = models.UUIDField(unique=True)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField()

    class Meta:
        verbose_name = "jeton de formulaire"


class EligibilityCheck(models.Model):
    class Decision(models.TextChoices):
        ELIGIBLE = "eligible", "Éligible"
        INELIGIBLE = "ineligible", "Non éligible"
        MORE_INFO = "more_info", "Complément d'information demandé"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="eligibility")
    legal_form_ok = models.BooleanField("forme juridique éligible", default=False)
    hr_sufficient = models.BooleanField("ressources humaines suffisantes sur toute la durée", default=False)
    theme_fit = models.BooleanField("en lien avec le thème de l'année", default=False)
    complete = models.BooleanField("dossier complet", default=False)
    decision = models.CharField("décision", max_length=12, choices=Decision.choices)
    reason = models.TextField("motif", blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("décidé le")
    # One procedural appeal of an ineligibility decision, decided by someone other than the first decider.
    appeal_reason = models.TextField("motif du recours", blank=True)
    appealed_at = models.DateTimeField("recours déposé le", null=True, blank=True)
    appeal_upheld = models.BooleanField("recours accepté", null=True, blank=True)
    appeal_note = models.TextField("réponse au recours", blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_decided_at = models.DateTimeField("recours examiné le", null=True, blank=True)

    class Meta:
        verbose_name = "examen d'éligibilité"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="eligible") | ~Q(reason=""),
                name="hub_eligibility_reason_unless_eligible",
            )
        ]

    def __str__(self):
        return f"{self.application.reference} : {self.get_decision_display()}"
