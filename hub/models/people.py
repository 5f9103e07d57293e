"""People and organisations: applicants' organisations, committee experts and their roles per call."""

from django.conf import settings
from django.db import models

from .choices import COUNTRIES, TIME_ZONES, LegalForm


class HubProfile(models.Model):
    """The few personal settings the hub keeps about a user (RGPD: minimum, each with its purpose)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_profile"
    )
    time_zone = models.CharField(
        "fuseau horaire",
        max_length=40,
        choices=TIME_ZONES,
        default="Europe/Paris",
        help_text="Pour afficher chaque échéance à votre heure locale.",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "profil PositiveHub"

    def __str__(self):
        return str(self.user)


class Organisation(models.Model):
    name = models.CharField("nom de l'organisation", max_length=200)
    legal_form = models.CharField("forme juridique", max_length=30, choices=LegalForm.choices)
    country = models.CharField("pays", max_length=2, choices=COUNTRIES)
    city = models.CharField("ville", max_length=120, blank=True)
    registration_number = models.CharField("numéro d'immatriculation", max_length=60, blank=True)
    website = models.URLField("site web", blank=True)
    email_domain = models.CharField("domaine de messagerie", max_length=120, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Responsable"
        EDITOR = "editor", "Rédacteur"
        VIEWER = "viewer", "Lecteur"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_memberships"
    )
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.OWNER)

    class Meta:
        verbose_name = "membre d'une organisation"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="hub_one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


class Expert(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hub_expert")
    affiliation = models.CharField("affiliation", max_length=200, blank=True)
    organisation_domains = models.CharField(
        "domaines de messagerie liés", max_length=300, blank=True, help_text="Séparés par des virgules."
    )
    country = models.CharField("pays", max_length=2, choices=COUNTRIES, blank=True)
    languages = models.CharField("langues", max_length=100, blank=True)
    expertise_tags = models.CharField("expertises", max_length=300, blank=True)
    declared_interests = models.TextField("liens d'intérêts déclarés", blank=True)
    charter_signed_at = models.DateTimeField("charte signée le", null=True, blank=True)
    public_consent = models.BooleanField(
        "accord pour figurer dans la composition publique du comité",
        default=False,
        help_text="Nom, affiliation et pays publiés sur la page du comité scientifique (transparence).",
    )

    class Meta:
        verbose_name = "expert du comité"
        verbose_name_plural = "experts du comité"
        ordering = ["user__last_name", "user__username"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    def domains(self):
        found = {d.strip().lower().lstrip("@") for d in self.organisation_domains.split(",") if d.strip()}
        email = self.user.email or ""
        if "@" in email:
            found.add(email.rsplit("@", 1)[1].lower())
        return found


class CallMembership(models.Model):
    class Role(models.TextChoices):
        EXPERT = "expert", "Expert"
        CHAIR = "chair", "Président"
        VICE_CHAIR = "vice_chair", "Vice-président"

    call = models.ForeignKey("hub.Call", on_delete=models.CASCADE, related_name="memberships")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=12, choices=Role.choices, default=Role.EXPERT)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "membre du comité pour un appel"
        constraints = [models.UniqueConstraint(fields=["call", "expert"], name="hub_one_membership_per_call")]

    def __str__(self):
        return f"{self.expert} ({self.get_role_display()}, {self.call})"
