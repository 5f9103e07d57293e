"""Implementation projects (a practice set up in a territory with a support team), and the applications of teams
that want to become a practice's support team."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

MIN_YEARS_OF_PRACTICE = 5
# A project stage's date is plausible between the first community mental-health programmes and a few years ahead
# (a planned stage): 0001-01-01 or 9999-12-31 are typing slips, and would break the map's date arithmetic.
EARLIEST_STAGE_YEAR = 1960
STAGE_YEARS_AHEAD = 10


class Stage(models.TextChoices):
    """The implementation stages (NIRN / SIC)."""

    EXPLORATION = "exploration", "Exploration"
    INSTALLATION = "installation", "Installation"
    FIRST = "premiere-mise-en-oeuvre", "Première mise en œuvre"
    SUSTAINABILITY = "perennisation", "Pérennisation"


STAGE_DATE_FIELDS = {
    Stage.EXPLORATION: "exploration_on",
    Stage.INSTALLATION: "installation_on",
    Stage.FIRST: "first_implementation_on",
    Stage.SUSTAINABILITY: "sustainability_on",
}


class ProjectQuerySet(models.QuerySet):
    def public(self) -> ProjectQuerySet:
        return self.filter(is_public=True, practice__live=True)

    def for_map(self) -> ProjectQuerySet:
        return self.select_related("practice", "departement__region", "team")


class ImplementationProject(models.Model):
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        on_delete=models.CASCADE,
        related_name="implementation_projects",
    )
    departement = models.ForeignKey(
        "practices.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="implementation_projects",
    )
    ptsm = models.CharField(
        "projet territorial de santé mentale (PTSM)",
        max_length=200,
        blank=True,
        help_text="Facultatif : le PTSM dans lequel s'inscrit le projet.",
    )
    host_organisation = models.CharField("structure d'accueil", max_length=200)
    team = models.ForeignKey(
        "practices.SupportTeam",
        verbose_name="équipe d'appui",
        on_delete=models.PROTECT,
        related_name="implementation_projects",
    )
    request = models.OneToOneField(
        "practices.TrainingRequest",
        verbose_name="demande d'origine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementation_project",
    )
    stage = models.CharField("étape", max_length=30, choices=Stage.choices, default=Stage.EXPLORATION)
    exploration_on = models.DateField("exploration : depuis le", null=True, blank=True)
    installation_on = models.DateField("installation : depuis le", null=True, blank=True)
    first_implementation_on = models.DateField("première mise en œuvre : depuis le", null=True, blank=True)
    sustainability_on = models.DateField("pérennisation : depuis le", null=True, blank=True)
    private_notes = models.TextField(
        "notes privées",
        blank=True,
        validators=[MaxLengthValidator(10000)],
        help_text="Vues seulement par l'équipe d'appui et le CRES, jamais publiées.",
    )
    is_public = models.BooleanField(
        "montré publiquement",
        default=False,
        help_text="Seulement si la structure d'accueil l'accepte : le projet apparaît alors sur la carte.",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = ProjectQuerySet.as_manager()

    panels = [
        FieldPanel("practice"),
        FieldPanel("team"),
        FieldRowPanel([FieldPanel("departement"), FieldPanel("ptsm")]),
        FieldPanel("host_organisation"),
        FieldPanel("stage"),
        FieldRowPanel(
            [
                FieldPanel("exploration_on"),
                FieldPanel("installation_on"),
                FieldPanel("first_implementation_on"),
                FieldPanel("sustainability_on"),
            ]
        ),
        FieldPanel("private_notes"),
        FieldRowPanel([FieldPanel("is_public"), FieldPanel("is_demo")]),
    ]

    class Meta:
        verbose_name = "projet de mise en œuvre"
        verbose_name_plural = "projets de mise en œuvre"
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.practice.title if self.practice_id else '?'} — {self.host_organisation}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        stage_field = STAGE_DATE_FIELDS.get(self.stage)
        if stage_field and not getattr(self, stage_field):
            errors[stage_field] = "Indiquez la date à laquelle le projet est entré dans cette étape."
        latest_year = timezone.localdate().year + STAGE_YEARS_AHEAD
        for name in STAGE_DATE_FIELDS.values():
            value = getattr(self, name)
            if value and not EARLIEST_STAGE_YEAR <= value.year <= latest_year:
                errors[name] = (
                    f"Cette date ne semble pas juste : écrivez une date entre {EARLIEST_STAGE_YEAR} "
                    f"et {latest_year}, par exemple 15/09/{timezone.localdate().year}."
                )
        dates = [getattr(self, name) for name in STAGE_DATE_FIELDS.values() if name not in errors]
        known = [d for d in dates if d]
        if known != sorted(known):
            errors["installation_on"] = (
                "Les dates des étapes doivent se suivre : exploration, installation, première mise en œuvre, pérennisation."
            )
        if (
            self.team_id
            and self.practice_id
            and not self.team.practice_links.filter(practice_id=self.practice_id).exists()
        ):
            errors["practice"] = "Cette équipe n'est pas équipe d'appui de cette bonne pratique."
        if errors:
            raise ValidationError(errors)

    def stages(self) -> list[tuple[str, datetime.date | None, bool]]:
        """Each stage with its date, and whether it is the current one."""
        return [
            (label, getattr(self, STAGE_DATE_FIELDS[value]), value == self.stage)
            for value, label in Stage.choices
        ]


class TeamSite(models.Model):
    """A place where a support team practises a practice (declared by the team): it feeds the map."""

    team = models.ForeignKey(
        "practices.SupportTeam", verbose_name="équipe d'appui", on_delete=models.CASCADE, related_name="sites"
    )
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        on_delete=models.CASCADE,
        related_name="team_sites",
    )
    departement = models.ForeignKey(
        "practices.Departement", verbose_name="département", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("lieu", max_length=200, help_text="Par exemple « Centre de jour de Lille-Sud ».")
    created_at = models.DateTimeField("déclaré le", default=timezone.now)

    class Meta:
        verbose_name = "lieu de pratique d'une équipe d'appui"
        verbose_name_plural = "lieux de pratique des équipes d'appui"
        ordering = ["departement__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "practice", "departement", "name"], name="implementation_one_site_per_place"
            )
        ]

    def __str__(self) -> str:
        return self.name


def private_storage():
    """Uploaded evidence of applications: the project's private storage (STORAGES["private"], shared with the hub's
    attachments), outside MEDIA_ROOT and never served; editors download it through the admin. A callable, so that
    migrations do not depend on where each machine keeps it."""
    from django.core.files.storage import storages

    return storages["private"]


def private_upload_path(instance: models.Model, filename: str) -> str:
    """A random name: the reader's file name is never kept nor guessable."""
    import uuid

    return f"candidatures/{uuid.uuid4().hex}.pdf"


class SupportTeamApplication(models.Model):
    """A team that practises a practice asks to become its support team; the CRES reviews it in the admin."""

    class Status(models.TextChoices):
        SUBMITTED = "deposee", "Déposée, à examiner"
        MORE_INFO = "complements", "Compléments demandés"
        ACCEPTED = "acceptee", "Acceptée"
        DECLINED = "refusee", "Refusée"

    class Engineering(models.TextChoices):
        HAS = "has", "Oui, nous avons ces compétences"
        ACQUIRING = "acquiring", "Nous sommes en train de les acquérir"

    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        on_delete=models.CASCADE,
        related_name="support_team_applications",
    )
    team_name = models.CharField("nom de l'équipe", max_length=200)
    host_organisation = models.CharField("structure porteuse", max_length=200)
    city = models.CharField("ville", max_length=120)
    departement = models.ForeignKey(
        "practices.Departement", verbose_name="département", on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField("personne à contacter", max_length=120)
    contact_email = models.EmailField("adresse électronique")
    start_year = models.PositiveSmallIntegerField("année où l'équipe a commencé à pratiquer")
    works_in_france_evidence = models.TextField(
        "œuvre sur le territoire national : où et comment", validators=[MaxLengthValidator(5000)]
    )
    fidelity_evidence = models.TextField(
        "fidélité au modèle : vos preuves",
        validators=[MaxLengthValidator(5000)],
        help_text="Par exemple le résultat d'une échelle de fidélité, et sa date.",
    )
    fidelity_file = models.FileField(
        "fidélité : pièce jointe (PDF)", storage=private_storage, upload_to=private_upload_path, blank=True
    )
    training_evidence = models.TextField("expérience de formation", validators=[MaxLengthValidator(5000)])
    training_file = models.FileField(
        "formation : pièce jointe (PDF)", storage=private_storage, upload_to=private_upload_path, blank=True
    )
    engineering = models.CharField(
        "compétences en ingénierie de projet", max_length=20, choices=Engineering.choices
    )
    engineering_evidence = models.TextField(
        "ingénierie de projet : précisions", validators=[MaxLengthValidator(5000)]
    )
    consent = models.BooleanField("consentement", default=False)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(
        "message à l'équipe (compléments demandés ou motif du refus)", blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="examinée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("examinée le", null=True, blank=True)
    support_team = models.ForeignKey(
        "practices.SupportTeam",
        verbose_name="équipe d'appui créée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField("déposée le", default=timezone.now)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("practice", read_only=True),
                FieldPanel("team_name", read_only=True),
                FieldPanel("host_organisation", read_only=True),
                FieldPanel("city", read_only=True),
                FieldPanel("departement", read_only=True),
                FieldPanel("contact_name", read_only=True),
                FieldPanel("contact_email", read_only=True),
            ],
            heading="L'équipe",
        ),
        MultiFieldPanel(
            [
                FieldPanel("start_year", read_only=True),
                FieldPanel("works_in_france_evidence", read_only=True),
                FieldPanel("fidelity_evidence", read_only=True),
                FieldPanel("training_evidence", read_only=True),
                FieldPanel("engineering", read_only=True),
                FieldPanel("engineering_evidence", read_only=True),
            ],
            heading="Les cinq critères",
        ),
        FieldPanel("status", read_only=True),
        FieldPanel("decision_reason", read_only=True),
    ]

    class Meta:
        verbose_name = "candidature d'équipe d'appui"
        verbose_name_plural = "candidatures d'équipes d'appui"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "contact_email"],
                condition=Q(status__in=["deposee", "complements"]),
                name="implementation_one_open_application_per_practice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_name} — {self.practice.title if self.practice_id else '?'}"

    @staticmethod
    def latest_start_year(today: datetime.date | None = None) -> int:
        return (today or timezone.localdate()).year - MIN_YEARS_OF_PRACTICE

    def clean(self) -> None:
        super().clean()
        if self.start_year and self.start_year > self.latest_start_year():
            raise ValidationError(
                {
                    "start_year": (
                        f"Une équipe d'appui pratique depuis au moins {MIN_YEARS_OF_PRACTICE} ans : "
                        f"l'année de début doit être {self.latest_start_year()} ou avant."
                    )
                }
            )
        if self.start_year and self.start_year < 1950:
            raise ValidationError(
                {
                    "start_year": "Cette année n'est pas vraisemblable : écrivez-la sur 4 chiffres, par exemple 2012."
                }
            )

    def criteria(self) -> list[tuple[str, str]]:
        return [
            ("Œuvre sur le territoire national", self.works_in_france_evidence),
            (f"Pratique depuis au moins {MIN_YEARS_OF_PRACTICE} ans", f"depuis {self.start_year}"),
            ("Est fidèle au modèle d'intervention", self.fidelity_evidence),
            ("A des compétences et une expérience en formation", self.training_evidence),
            (
                "A ou acquiert des compétences en ingénierie de projet",
                f"{self.get_engineering_display()} — {self.engineering_evidence}",
            ),
        ]
