"""Support teams ("équipes d'appui"): who helps other territories implement a practice."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, RevisionMixin
from wagtail.search import index

from practices.validators import validate_start_year
from readability.languages import LANGUAGE_FEATURES

PHONE_RE = re.compile(r"^(?:\+33 ?|0)[1-9](?:[ .-]?\d{2}){4}$")


def validate_french_phone(value):
    if value and not PHONE_RE.match(value.strip()):
        raise ValidationError(
            "Ce numéro de téléphone n'est pas valide. Écrivez 10 chiffres, par exemple 01 99 00 12 34.",
            code="invalid_phone",
        )


def tel_href(phone):
    digits = re.sub(r"[^\d+]", "", phone or "")
    if digits.startswith("0") and len(digits) == 10:
        return "+33" + digits[1:]
    return digits


class SupportTeam(RevisionMixin, index.Indexed, ClusterableModel):
    class Offer(models.TextChoices):
        TRAINING = "training", "Formation"
        VISITS = "visits", "Visites sur site"
        IMPLEMENTATION = "implementation", "Accompagnement à l'implantation"

    class Engineering(models.TextChoices):
        HAS = "has", "Oui"
        ACQUIRING = "acquiring", "En cours d'acquisition"
        NO = "no", "Non"

    name = models.CharField("nom de l'équipe", max_length=200, unique=True)
    slug = models.SlugField(
        "adresse de la fiche",
        max_length=200,
        unique=True,
        allow_unicode=False,
        blank=True,
        help_text="Rempli automatiquement à partir du nom si vous le laissez vide.",
    )
    host_organisation = models.CharField("structure porteuse", max_length=200)
    description = models.TextField(
        "présentation", blank=True, help_text="Qui vous êtes, en quelques phrases simples."
    )
    address = models.CharField("adresse", max_length=250, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("ville", max_length=120)
    departement = models.ForeignKey(
        "practices.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="support_teams",
    )
    phone = models.CharField("téléphone", max_length=20, blank=True, validators=[validate_french_phone])
    email = models.EmailField("adresse électronique", blank=True)
    website = models.URLField("site web", blank=True)
    offers_training = models.BooleanField("propose des formations", default=False)
    offers_visits = models.BooleanField("propose des visites sur site", default=False)
    offers_implementation = models.BooleanField("propose un accompagnement à l'implantation", default=False)
    technical_sheet = RichTextField(
        "fiche technique",
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", *LANGUAGE_FEATURES],
        help_text="Ce que l'équipe propose : formats de formation, durées, visites, suivi, coûts éventuels.",
    )
    technical_sheet_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="fiche technique (PDF)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The five criteria of the application to become a support team (the 5-year one is derived per practice).
    works_in_france = models.BooleanField("œuvre sur le territoire national", default=False)
    works_in_france_evidence = models.TextField("justificatif", blank=True)
    fidelity_ok = models.BooleanField("montre sa fidélité au modèle", default=False)
    fidelity_evidence = models.TextField("justificatif de fidélité", blank=True)
    training_experience_ok = models.BooleanField("a une expérience de formation", default=False)
    training_experience_evidence = models.TextField("justificatif de formation", blank=True)
    project_engineering = models.CharField(
        "compétences en ingénierie de projet",
        max_length=20,
        choices=Engineering.choices,
        default=Engineering.NO,
    )
    project_engineering_evidence = models.TextField("justificatif d'ingénierie de projet", blank=True)
    is_demo = models.BooleanField(
        "données de démonstration",
        default=False,
        help_text="Coordonnées fictives, à remplacer par les vraies.",
    )
    updated_at = models.DateTimeField("mis à jour le", default=timezone.now)

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("host_organisation"),
        index.SearchField("city"),
        index.SearchField("description"),
        index.SearchField("technical_sheet"),
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("host_organisation"),
                FieldPanel("description"),
            ],
            heading="L'équipe",
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("departement"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
                FieldPanel("is_demo"),
            ],
            heading="Coordonnées",
        ),
        InlinePanel("contacts", heading="Personnes à contacter", label="contact"),
        MultiFieldPanel(
            [
                FieldPanel("offers_training"),
                FieldPanel("offers_visits"),
                FieldPanel("offers_implementation"),
                FieldPanel("technical_sheet"),
                FieldPanel("technical_sheet_document"),
            ],
            heading="Ce que l'équipe propose",
        ),
        InlinePanel(
            "practice_links",
            heading="Bonnes pratiques accompagnées",
            label="bonne pratique",
            help_text="L'année où l'équipe a commencé à pratiquer chacune (au moins 5 ans de pratique sont demandés).",
        ),
        MultiFieldPanel(
            [
                FieldPanel("works_in_france"),
                FieldPanel("works_in_france_evidence"),
                FieldPanel("fidelity_ok"),
                FieldPanel("fidelity_evidence"),
                FieldPanel("training_experience_ok"),
                FieldPanel("training_experience_evidence"),
                FieldPanel("project_engineering"),
                FieldPanel("project_engineering_evidence"),
            ],
            heading="Critères pour être équipe d'appui",
        ),
    ]

    class Meta:
        verbose_name = "équipe d'appui"
        verbose_name_plural = "équipes d'appui"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def region(self):
        return self.departement.region if self.departement_id else None

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def offers(self):
        return [
            label
            for flag, label in (
                (self.offers_training, self.Offer.TRAINING.label),
                (self.offers_visits, self.Offer.VISITS.label),
                (self.offers_implementation, self.Offer.IMPLEMENTATION.label),
            )
            if flag
        ]

    def criteria(self, practice_links=None):
        """The five criteria of the cahier des charges, with their evidence; 5 years is derived."""
        links = practice_links if practice_links is not None else list(self.practice_links.all())
        five_years = bool(links) and all(link.practised_five_years for link in links)
        return [
            ("Œuvre sur le territoire national", self.works_in_france, self.works_in_france_evidence),
            (
                "Pratique depuis au moins 5 ans",
                five_years,
                "; ".join(
                    f"{link.practice.title} depuis {link.start_year}" for link in links if link.practice_id
                ),
            ),
            ("Est fidèle au modèle d'intervention", self.fidelity_ok, self.fidelity_evidence),
            (
                "A des compétences et une expérience en formation",
                self.training_experience_ok,
                self.training_experience_evidence,
            ),
            (
                "A ou acquiert des compétences en ingénierie de projet",
                self.project_engineering != self.Engineering.NO,
                self.project_engineering_evidence,
            ),
        ]

    @property
    def public_url(self):
        """The public sheet's URL; set in bulk by `attach_public_urls` to avoid a query per team."""
        if not hasattr(self, "_public_url"):
            attach_public_urls([self])
        return self._public_url

    def get_url(self, request=None):
        return self.public_url

    def get_cached_urls(self):
        """The URLs that show this team (for the page cache): its sheet, the team list, its practices and their
        « fiche action »."""
        from practices import ptsm
        from practices.models.pages import PracticePage

        attach_public_urls([self])
        urls = {self.public_url}
        urls |= {p.url for p in SupportTeamIndexPage.objects.all()}
        for practice in PracticePage.objects.filter(support_links__team=self):
            if practice.url:
                urls |= {practice.url, f"{practice.url}{ptsm.SLUG}/"}
        return urls


def attach_public_urls(teams):
    """Give each team its public URL with one query, whatever the number of teams."""
    from pagecache import site_structure

    index_page = (
        site_structure("team-index", lambda: SupportTeamIndexPage.objects.live().public().first() or "")
        or None
    )
    base = index_page.url if index_page else None
    for team in teams:
        team._public_url = (base + index_page.reverse_subpage("team", args=[team.slug])) if base else None
    return teams


class SupportTeamContact(Orderable):
    team = ParentalKey(SupportTeam, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("nom", max_length=120)
    role = models.CharField("rôle", max_length=120, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True, validators=[validate_french_phone])

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "contact"

    def __str__(self):
        return self.name

    @property
    def phone_href(self):
        return tel_href(self.phone)


class PracticeSupport(Orderable):
    team = ParentalKey(SupportTeam, on_delete=models.CASCADE, related_name="practice_links")
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        on_delete=models.CASCADE,
        related_name="support_links",
    )
    start_year = models.PositiveSmallIntegerField(
        "pratiquée depuis (année)", validators=[validate_start_year], help_text="Par exemple 2015."
    )

    panels = [FieldPanel("practice"), FieldPanel("start_year")]

    class Meta(Orderable.Meta):
        verbose_name = "bonne pratique accompagnée"
        constraints = [
            models.UniqueConstraint(fields=["team", "practice"], name="practices_one_link_per_team_practice")
        ]

    # The application's rule: a support team has practised the practice for at least 5 years.
    MINIMUM_YEARS = 5

    def clean(self):
        super().clean()
        latest = timezone.localdate().year - self.MINIMUM_YEARS
        if self.start_year and self.start_year > latest:
            raise ValidationError(
                {
                    "start_year": f"Une équipe d'appui pratique la bonne pratique depuis au moins "
                    f"{self.MINIMUM_YEARS} ans : l'année de début doit être {latest} ou avant."
                }
            )

    @property
    def years_of_practice(self):
        return timezone.localdate().year - self.start_year

    @property
    def practised_five_years(self):
        return self.years_of_practice >= 5


class SupportTeamIndexPage(RoutablePageMixin, Page):
    intro = RichTextField("introduction", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["parcours.HomePage"]
    subpage_types = []
    max_count = 1
    page_description = "La liste des équipes d'appui, et la fiche de chaque équipe."

    class Meta:
        verbose_name = "index des équipes d'appui"

    @path("")
    def team_list(self, request):
        from practices.cards import team_cards

        rows = SupportTeam.objects.order_by("name").values_list("pk", "updated_at")
        return self.render(
            request, context_overrides={"team_cards": team_cards(rows, request, self.get_url(request))}
        )

    @path("<slug:slug>/", name="team")
    def team_detail(self, request, slug):
        from django.shortcuts import get_object_or_404

        team = get_object_or_404(
            SupportTeam.objects.select_related(
                "departement__region", "technical_sheet_document"
            ).prefetch_related("contacts"),
            slug=slug,
        )
        team._public_url = self.url + self.reverse_subpage("team", args=[team.slug])
        links = list(
            team.practice_links.filter(practice__live=True).select_related(
                "practice", "practice__evidence_level"
            )
        )
        return self.render(
            request,
            context_overrides={
                "team": team,
                "practice_links": links,
                "criteria": team.criteria(links),
                "breadcrumb_pages": [*self.get_ancestors().filter(depth__gt=1), self],
            },
            template="practices/support_team_page.html",
        )
