"""The site's tree: home page, the two parcours, their themes, and standard pages."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from practices.blocks import StandardContentBlock


class HomePage(Page):
    intro = models.CharField(
        "à quoi sert le site",
        max_length=250,
        help_text="Une seule phrase simple qui dit à quoi sert le site.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "parcours.ParcoursIndexPage",
        "parcours.StandardPage",
        "practices.PracticeIndexPage",
        "practices.SupportTeamIndexPage",
    ]
    max_count = 1
    page_description = "La page d'accueil du site."

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parcours = list(ParcoursIndexPage.objects.live().public().child_of(self).order_by("path"))
        themes = ThemePage.objects.live().public().descendant_of(self).order_by("path")
        by_parent = {}
        for theme in themes:
            by_parent.setdefault(theme.path[: -theme.steplen], []).append(theme)
        context["doors"] = [(p, by_parent.get(p.path, [])) for p in parcours]
        return context


class ParcoursIndexPage(Page):
    class Kind(models.TextChoices):
        VIE = "vie", "Parcours de vie"
        SOINS = "soins", "Parcours de soins"

    kind = models.CharField("parcours", max_length=10, choices=Kind.choices, unique=True)
    intro = models.TextField("introduction", blank=True, help_text="2 ou 3 phrases simples qui présentent ce parcours.")

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("intro")]
    parent_page_types = ["parcours.HomePage"]
    subpage_types = ["parcours.ThemePage"]
    max_count = 2
    page_description = "Une des deux portes d'entrée : parcours de vie ou parcours de soins."

    class Meta:
        verbose_name = "parcours"
        verbose_name_plural = "parcours"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = (
            ThemePage.objects.live().public().child_of(self).order_by("path").select_related("illustration")
        )
        return context


class ThemePage(Page):
    chapo = models.TextField(
        "chapô",
        help_text="Le contexte et le problème, en une dizaine de lignes simples : c'est le premier niveau de savoir. "
        "Séparez les paragraphes par une ligne vide.",
    )
    illustration = models.ForeignKey(
        "wagtailimages.Image", verbose_name="illustration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    illustration_alt = models.CharField(
        "texte alternatif de l'illustration",
        max_length=200,
        blank=True,
        help_text="Décrivez ce que montre l'illustration, pour les personnes qui ne la voient pas. Obligatoire avec une illustration.",
    )

    search_fields = Page.search_fields + [index.SearchField("chapo")]
    content_panels = Page.content_panels + [
        FieldPanel("chapo"),
        MultiFieldPanel([FieldPanel("illustration"), FieldPanel("illustration_alt")], heading="Illustration"),
        InlinePanel(
            "practice_links",
            heading="Bonnes pratiques de ce thème",
            label="bonne pratique",
            help_text="Dans l'ordre où elles doivent apparaître (5 ou 6 en général).",
        ),
        InlinePanel("resources", heading="Pour aller plus loin", label="ressource"),
    ]
    parent_page_types = ["parcours.ParcoursIndexPage"]
    subpage_types = []
    page_description = "Un thème d'un parcours (par exemple « Le logement ») et ses bonnes pratiques."

    class Meta:
        verbose_name = "thème"

    def clean(self):
        super().clean()
        if self.illustration_id and not self.illustration_alt.strip():
            raise ValidationError({"illustration_alt": "Ajoutez un texte alternatif qui décrit l'illustration."})

    @property
    def chapo_paragraphs(self):
        return [p.strip() for p in self.chapo.split("\n\n") if p.strip()]

    def get_context(self, request, *args, **kwargs):
        from practices.models import PracticePage

        context = super().get_context(request, *args, **kwargs)
        practice_ids = [link.practice_id for link in self.practice_links.all()]
        practices = PracticePage.objects.live().public().filter(pk__in=practice_ids).for_listing().in_bulk()
        context["practices"] = [practices[pk] for pk in practice_ids if pk in practices]
        context["resources"] = list(self.resources.select_related("document"))
        return context


class ThemePracticeLink(Orderable):
    theme = ParentalKey(ThemePage, on_delete=models.CASCADE, related_name="practice_links")
    practice = models.ForeignKey(
        "practices.PracticePage", verbose_name="bonne pratique", on_delete=models.CASCADE, related_name="theme_links"
    )

    panels = [PageChooserPanel("practice", "practices.PracticePage")]

    class Meta(Orderable.Meta):
        verbose_name = "bonne pratique du thème"
        constraints = [models.UniqueConstraint(fields=["theme", "practice"], name="parcours_practice_once_per_theme")]


class ThemeResource(Orderable):
    theme = ParentalKey(ThemePage, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField("titre", max_length=200)
    url = models.URLField("adresse web", max_length=500, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField("en une ligne", max_length=250, blank=True)

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("document"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "ressource"

    def clean(self):
        super().clean()
        if not self.url and not self.document_id:
            raise ValidationError("Indiquez une adresse web ou choisissez un document.")
        if self.url and self.document_id:
            raise ValidationError("Choisissez une adresse web ou un document, pas les deux.")

    @property
    def href(self):
        return self.document.url if self.document_id else self.url


class StandardPage(Page):
    intro = models.CharField("en une phrase", max_length=300, blank=True)
    body = StreamField(StandardContentBlock(), verbose_name="contenu", blank=True)

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["parcours.HomePage", "parcours.StandardPage"]
    subpage_types = ["parcours.StandardPage"]
    page_description = "Une page simple : qui sommes-nous, mentions légales, accessibilité, données personnelles…"

    class Meta:
        verbose_name = "page simple"
