"""Registry pages: the index of all good practices, and the practice page with its five levels."""

from urllib.parse import urlencode, urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from easyread.models import EasyReadMixin
from pagecache import site_structure
from practices import ptsm
from practices.blocks import ContentBlock
from practices.validators import (
    normalise_doi,
    validate_doi,
    validate_publication_year,
    validate_video_url,
    video_host_name,
)
from readability.languages import LANGUAGE_FEATURES, LANGUAGES
from readability.panels import ReadabilityPanel

LEVEL_TITLES = [
    (1, "comprendre", "Comprendre"),
    (2, "description", "Description de l'action"),
    (3, "niveau-de-preuve", "Niveau de preuve"),
    (4, "publications", "Publications et rapports"),
    (5, "equipes-d-appui", "Équipes d'appui"),
]


def json_ld_dumps(data):
    """schema.org data as JSON that is safe inside a <script> element."""
    import json

    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


class PracticeIndexPage(Page):
    intro = RichTextField("introduction", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["parcours.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count = 1
    page_description = (
        "La liste de toutes les bonnes pratiques. Chaque bonne pratique est rangée sous cette page."
    )

    class Meta:
        verbose_name = "index des bonnes pratiques"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from practices.cards import practice_cards

        practices = (
            PracticePage.objects.live()
            .public()
            .child_of(self)
            .order_by("title")
            .values_list("pk", "last_published_at")
        )
        context["practices"] = Paginator(practices, 30).get_page(request.GET.get("page"))
        context["practice_cards"] = practice_cards(context["practices"].object_list, request, heading_level=2)
        return context


class PracticePageQuerySet(PageQuerySet):
    def for_listing(self):
        """What a card needs, and only that (a theme may list a hundred practices): title, address, summary,
        thumbnail with its renditions and the evidence grade, in a fixed number of queries."""
        return (
            self.only(*LISTING_FIELDS)
            .select_related("listing_image", "evidence_level")
            .prefetch_related(Prefetch("listing_image__renditions"))
        )


LISTING_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "locale_id",
    "content_type_id",
    "summary",
    "listing_image",
    "listing_image_alt",
    "evidence_level",
    "last_published_at",
)
PracticePageManager = PageManager.from_queryset(PracticePageQuerySet)


class PracticePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PracticePage(EasyReadMixin, Page):
    # Level 1 — Comprendre (grand public)
    summary = models.TextField(
        "en bref",
        max_length=400,
        help_text="En 2 ou 3 phrases simples : ce que c'est et pour qui. Évitez les sigles et le jargon (400 caractères au plus).",
    )
    explanation = RichTextField(
        "comprendre",
        features=["bold", "italic", "link", "ul", "ol", *LANGUAGE_FEATURES],
        help_text="Expliquez la pratique avec des mots de tous les jours : phrases courtes, une idée par phrase.",
    )
    video_title = models.CharField("titre de la vidéo", max_length=200, blank=True)
    video_url = models.URLField(
        "adresse de la vidéo en ligne",
        blank=True,
        validators=[validate_video_url],
        help_text="Une vidéo YouTube, Vimeo, Dailymotion ou PeerTube. Rien n'est chargé depuis ce site tant que le lecteur ne clique pas.",
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="fichier vidéo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Ou téléversez la vidéo (MP4 ou WebM) : elle doit alors avoir son fichier de sous-titres.",
    )
    video_captions = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="sous-titres (WebVTT)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Le fichier de sous-titres en français, au format WebVTT (.vtt).",
    )
    video_transcript = models.TextField(
        "transcription de la vidéo",
        blank=True,
        help_text="Le texte complet de la vidéo, pour les personnes qui ne peuvent pas ou ne veulent pas la regarder. Obligatoire s'il y a une vidéo.",
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="vignette",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="La petite image montrée dans les listes de bonnes pratiques.",
    )
    listing_image_alt = models.CharField(
        "texte alternatif de la vignette",
        max_length=200,
        blank=True,
        help_text="Décrivez ce que montre l'image, pour les personnes qui ne la voient pas.",
    )

    # Level 2 — Description de l'action
    body = StreamField(
        ContentBlock(),
        verbose_name="description de l'action",
        help_text="Pour qui, en quoi consiste l'action, sa durée, les professionnels nécessaires, ce qu'elle n'est pas.",
    )

    # Level 3 — Niveau de preuve
    evidence_level = models.ForeignKey(
        "practices.EvidenceLevel",
        verbose_name="niveau de preuve",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
        help_text="Le niveau global validé par le comité scientifique (le meilleur niveau obtenu sur un résultat essentiel).",
    )
    evidence_justification = RichTextField(
        "pourquoi ce niveau",
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", *LANGUAGE_FEATURES],
        help_text="Expliquez simplement sur quelles études repose ce niveau, et leurs limites.",
    )
    has_manual = models.BooleanField("un manuel ou référentiel existe", default=False)
    training_in_france = models.BooleanField("une formation est disponible en France", default=False)
    fidelity_tool_fr = models.BooleanField("un outil de fidélité existe en français", default=False)
    literature_searched_on = models.DateField("dernière recherche bibliographique", null=True, blank=True)
    assessed_on = models.DateField("niveau évalué le", null=True, blank=True)
    assessed_by = models.CharField("évalué par", max_length=200, blank=True)
    next_review_on = models.DateField("prochaine révision", null=True, blank=True)

    # Classement
    publics = ParentalManyToManyField("practices.TargetPublic", blank=True, verbose_name="publics")
    conditions = ParentalManyToManyField(
        "practices.Condition", blank=True, verbose_name="troubles et situations"
    )
    regions = ParentalManyToManyField(
        "practices.Region", blank=True, verbose_name="régions où elle est mise en œuvre"
    )
    tags = ClusterTaggableManager(through=PracticePageTag, blank=True, verbose_name="mots-clés")

    objects = PracticePageManager()

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("explanation"),
        index.SearchField("video_transcript"),
        index.SearchField("falc_text"),
        index.SearchField("body"),
        index.SearchField("evidence_justification"),
        index.RelatedFields("evidence_level", [index.SearchField("name"), index.SearchField("lay_label")]),
        index.RelatedFields("outcomes", [index.SearchField("outcome")]),
        index.RelatedFields(
            "publications",
            [
                index.SearchField("title"),
                index.SearchField("authors"),
                index.SearchField("container"),
                index.SearchField("lay_summary"),
            ],
        ),
        index.SearchField("support_team_search_text"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("evidence_level"),
    ]

    level1_panels = [
        FieldPanel("summary"),
        ReadabilityPanel("summary"),
        FieldPanel("explanation"),
        ReadabilityPanel("explanation"),
        MultiFieldPanel(
            [
                FieldPanel("video_title"),
                FieldPanel("video_url"),
                FieldRowPanel([FieldPanel("video_file"), FieldPanel("video_captions")]),
                FieldPanel("video_transcript"),
            ],
            heading="Vidéo",
            help_text="Une vidéo en ligne OU un fichier téléversé avec ses sous-titres, toujours avec sa transcription.",
        ),
        MultiFieldPanel([FieldPanel("listing_image"), FieldPanel("listing_image_alt")], heading="Vignette"),
    ]
    level3_panels = [
        FieldPanel("evidence_level"),
        FieldPanel("evidence_justification"),
        InlinePanel("outcomes", heading="Résultats évalués", label="résultat"),
        MultiFieldPanel(
            [FieldPanel("has_manual"), FieldPanel("training_in_france"), FieldPanel("fidelity_tool_fr")],
            heading="Maturité pour le déploiement",
            help_text="Ces indicateurs sont montrés à côté du niveau de preuve, sans le modifier. "
            "« Une équipe d'appui active » est calculé à partir des équipes d'appui.",
        ),
        FieldRowPanel(
            [FieldPanel("literature_searched_on"), FieldPanel("assessed_on"), FieldPanel("next_review_on")]
        ),
        FieldPanel("assessed_by"),
    ]
    content_panels = (
        Page.content_panels
        + [
            HelpPanel(
                content="Une bonne pratique a cinq niveaux d'information, du plus simple au plus détaillé. "
                "Remplissez chaque onglet « Niveau »."
            ),
        ]
        + level1_panels
    )
    classification_panels = [
        FieldPanel(
            "publics",
            widget=forms.CheckboxSelectMultiple,
            help_text="Cochez les publics à qui la pratique s'adresse : elle apparaîtra dans leur filtre de recherche.",
        ),
        FieldPanel(
            "conditions",
            widget=forms.CheckboxSelectMultiple,
            help_text="Cochez les troubles ou situations pour lesquels la pratique a été évaluée. La fiche "
            "« Comprendre les troubles » de chacun les montre d'elle-même.",
        ),
        FieldPanel(
            "regions",
            widget=forms.CheckboxSelectMultiple,
            help_text="Cochez les régions où une équipe met déjà la pratique en œuvre.",
        ),
        FieldPanel(
            "tags",
            help_text="Quelques mots que les lecteurs pourraient chercher, séparés par des virgules "
            "(par exemple « logement, sans-abrisme »).",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Niveau 1 : Comprendre"),
            ObjectList([FieldPanel("body")], heading="Niveau 2 : Description"),
            ObjectList(level3_panels, heading="Niveau 3 : Preuves"),
            ObjectList(
                [InlinePanel("publications", heading="Publications et rapports", label="publication")],
                heading="Niveau 4 : Publications",
            ),
            ObjectList(
                [
                    HelpPanel(
                        content="Les équipes d'appui se rattachent à cette pratique depuis leur propre fiche "
                        "(menu « Équipes d'appui »)."
                    )
                ],
                heading="Niveau 5 : Équipes d'appui",
            ),
            ObjectList(EasyReadMixin.easy_read_panels, heading="Facile à lire"),
            ObjectList(classification_panels, heading="Classement"),
            ObjectList(Page.promote_panels, heading="Référencement"),
            ObjectList(Page.settings_panels, heading="Publication"),
        ]
    )
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []
    page_description = "Une bonne pratique, présentée en cinq niveaux d'information."

    class Meta:
        verbose_name = "bonne pratique"
        verbose_name_plural = "bonnes pratiques"

    def clean(self):
        super().clean()
        errors = {}
        if self.video_url and self.video_file_id:
            errors["video_file"] = (
                "Choisissez soit une vidéo en ligne, soit un fichier téléversé, pas les deux."
            )
        if self.video_file_id:
            name = (self.video_file.file.name or "").lower()
            if not name.endswith((".mp4", ".webm")):
                errors["video_file"] = "Le fichier vidéo doit être au format MP4 ou WebM."
            if not self.video_captions_id:
                errors["video_captions"] = (
                    "Une vidéo téléversée doit avoir ses sous-titres (fichier WebVTT .vtt)."
                )
        if self.video_captions_id and not (self.video_captions.file.name or "").lower().endswith(".vtt"):
            errors["video_captions"] = "Les sous-titres doivent être un fichier WebVTT (.vtt)."
        if (self.video_url or self.video_file_id) and not self.video_transcript.strip():
            errors["video_transcript"] = "Ajoutez la transcription écrite de la vidéo : elle est obligatoire."
        if self.listing_image_id and not self.listing_image_alt.strip():
            errors["listing_image_alt"] = "Ajoutez un texte alternatif qui décrit l'image."
        if self.assessed_on and self.next_review_on and self.next_review_on <= self.assessed_on:
            errors["next_review_on"] = "La prochaine révision doit être après la date d'évaluation."
        if errors:
            raise ValidationError(errors)

    # --- derived values ---------------------------------------------------------
    @property
    def video_host(self):
        return video_host_name(self.video_url)

    @property
    def video_embed_url(self):
        """The privacy-friendly player address, loaded only after the reader clicks."""
        from urllib.parse import parse_qs, urlparse

        if not self.video_url:
            return ""
        parsed = urlparse(self.video_url)
        host = (parsed.hostname or "").lower()
        host_name = self.video_host
        if host_name == "YouTube":
            video_id = (
                parsed.path.strip("/") if host == "youtu.be" else parse_qs(parsed.query).get("v", [""])[0]
            )
            if not video_id and "/embed/" in parsed.path:
                video_id = parsed.path.rsplit("/", 1)[-1]
            return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1" if video_id else ""
        if host_name == "Vimeo":
            video_id = parsed.path.rstrip("/").rsplit("/", 1)[-1]
            return f"https://player.vimeo.com/video/{video_id}?dnt=1&autoplay=1"
        if host_name == "Dailymotion":
            video_id = parsed.path.rstrip("/").rsplit("/", 1)[-1]
            return f"https://www.dailymotion.com/embed/video/{video_id}?autoplay=1"
        if host_name == "PeerTube":
            video_id = parsed.path.rstrip("/").rsplit("/", 1)[-1]
            return f"{parsed.scheme}://{parsed.netloc}/videos/embed/{video_id}?autoplay=1"
        return ""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        embed = self.video_embed_url
        if embed:
            # The content security policy lets this page, and only this one, load its video player's host.
            from urllib.parse import urlsplit

            parts = urlsplit(embed)
            response._csp_replace = {"frame-src": [f"{parts.scheme}://{parts.netloc}"]}
        return response

    @property
    def has_video(self):
        return bool(self.video_url or self.video_file_id)

    def support_team_search_text(self):
        return " ".join(
            f"{link.team.name} {link.team.host_organisation} {link.team.city}"
            for link in self.support_links.select_related("team")
        )

    def get_cached_urls(self):
        """The URLs that show this practice (for the page cache): its own and its « fiche action », its ancestors'
        (the index and the home page list it) and the sheets of its support teams; not its siblings, which do not
        show it (thousands in a large registry). Other apps add the pages of theirs that show it
        (pagecache.urls_showing)."""
        from pagecache.core import page_url
        from practices.models.support_teams import SupportTeam, attach_public_urls

        teams = attach_public_urls(list(SupportTeam.objects.filter(practice_links__practice=self)))
        own = page_url(self)
        urls = {own, f"{own}{ptsm.SLUG}/" if own else None}
        urls |= {page_url(p) for p in self.get_ancestors().filter(depth__gt=1)}
        return urls | {team.public_url for team in teams}

    def action_sheet_url(self):
        url = self.get_url()
        return f"{url}{ptsm.SLUG}/" if url else None

    @path(f"{ptsm.SLUG}/", name="action-sheet")
    def action_sheet(self, request):
        """« Fiche action » for a territorial mental-health project (PTSM), pre-filled from the five levels."""
        from django.template.response import TemplateResponse

        context = self.get_context(request)
        outcomes = context["outcomes"]
        context.update(
            priorities=ptsm.suggested_priorities(outcomes),
            indicators=ptsm.indicators(outcomes, context["readiness"], self),
            generated_on=timezone.localdate(),
        )
        return TemplateResponse(request, "practices/action_sheet.html", context)

    def get_sitemap_urls(self, request=None):
        urls = list(super().get_sitemap_urls(request))
        if urls:
            urls.append({**urls[0], "location": urls[0]["location"] + f"{ptsm.SLUG}/"})
        return urls

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from practices.models.support_teams import PracticeSupport, attach_public_urls

        support_links = list(
            PracticeSupport.objects.filter(practice=self, team__isnull=False)
            .select_related("team__departement__region", "team__technical_sheet_document")
            .prefetch_related("team__contacts")
            .order_by("team__name")
        )
        attach_public_urls([link.team for link in support_links])
        from practices.models.taxonomy import EvidenceLevel

        context.update(
            scale=site_structure(
                "evidence-scale",
                lambda: list(EvidenceLevel.objects.published().order_by("order", "code")),
                request,
            ),
            scale_page=site_structure(
                "scale-page",
                lambda: (
                    Page.objects.live().public().filter(slug="comprendre-les-niveaux-de-preuve").first() or ""
                ),
                request,
            )
            or None,
            json_ld=self.json_ld(request),
            levels=LEVEL_TITLES,
            outcomes=list(self.outcomes.all()),
            publications=list(self.publications.select_related("document").all()),
            support_links=support_links,
            readiness=self.readiness(support_links),
        )
        return context

    def json_ld(self, request):
        """schema.org description of the page, escaped for a <script> element."""
        from django.utils.html import strip_tags

        url = request.build_absolute_uri(self.url) if request else self.url
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "headline": self.title,
            "description": self.summary,
            "url": url,
            "inLanguage": "fr",
            "lastReviewed": self.assessed_on.isoformat() if self.assessed_on else None,
            "dateModified": self.last_published_at.isoformat() if self.last_published_at else None,
            "audience": [{"@type": "Audience", "audienceType": p.name} for p in self.publics.all()],
            "about": {
                "@type": "MedicalTherapy",
                "name": self.title,
                "description": strip_tags(self.explanation)[:500],
            },
        }
        return json_ld_dumps({k: v for k, v in data.items() if v not in (None, [], "")})

    def readiness(self, support_links=None):
        links = support_links if support_links is not None else list(self.support_links.all())
        items = [
            ("Un manuel ou référentiel existe", self.has_manual),
            ("Une formation est disponible en France", self.training_in_france),
            ("Un outil de fidélité existe en français", self.fidelity_tool_fr),
            ("Une équipe d'appui active", bool(links)),
        ]
        return {"items": items, "score": sum(1 for _, ok in items if ok), "total": len(items)}


class PracticeOutcome(Orderable):
    class Direction(models.TextChoices):
        # No arrow: « ↑ » beside « Recours aux urgences » reads as more emergency visits. `in_words` says it.
        FAVOURABLE = "favourable", "Effet favorable"
        NULL = "null", "Pas d'effet"
        UNFAVOURABLE = "unfavourable", "Effet défavorable"

    class Certainty(models.TextChoices):
        HIGH = "high", "Élevée"
        MODERATE = "moderate", "Modérée"
        LOW = "low", "Faible"
        VERY_LOW = "very_low", "Très faible"

    class Context(models.TextChoices):
        FRANCE = "france", "France"
        FRANCOPHONE = "francophone", "Pays francophones"
        EUROPE = "europe", "Europe"
        NORTH_AMERICA = "north_america", "Amérique du Nord"
        OTHER = "other", "Autre"

    class Domain(models.TextChoices):
        # The columns of the evidence-and-gap map: what matters for recovery, in the order readers scan them.
        HOUSING = "logement", "Logement"
        WORK = "emploi", "Emploi et études"
        HOSPITAL = "hospitalisation", "Hospitalisation et crise"
        HEALTH = "sante", "Symptômes et santé"
        SUBSTANCES = "consommations", "Alcool, tabac, drogues"
        CARE = "soins", "Accès et maintien dans les soins"
        RECOVERY = "retablissement", "Rétablissement et qualité de vie"
        INCLUSION = "inclusion", "Liens sociaux et citoyenneté"
        FAMILY = "proches", "Proches et familles"
        ATTITUDES = "regard", "Regard de la société"

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.CharField(
        "résultat", max_length=200, help_text="Par exemple « Maintien dans le logement »."
    )
    domain = models.CharField(
        "domaine",
        max_length=20,
        choices=Domain.choices,
        blank=True,
        help_text="La colonne de la carte des preuves où ce résultat apparaît. Laissez vide si aucun domaine ne "
        "convient : le résultat reste sur la page, mais pas sur la carte.",
    )
    direction = models.CharField("sens de l'effet", max_length=20, choices=Direction.choices)
    in_words = models.CharField(
        "en mots simples",
        max_length=200,
        blank=True,
        help_text="Ce que l'effet change pour les personnes, dans le sens où il va : par exemple « moins de passages "
        "aux urgences » ou « plus de personnes gardent leur logement ». Affiché à côté du sens de l'effet.",
    )
    certainty = models.CharField("certitude (GRADE)", max_length=20, choices=Certainty.choices)
    context = models.CharField("contexte des preuves", max_length=20, choices=Context.choices)

    panels = [
        FieldRowPanel([FieldPanel("outcome"), FieldPanel("domain")]),
        FieldRowPanel(
            [
                FieldPanel("direction"),
                FieldPanel(
                    "certainty",
                    help_text="La confiance dans ce résultat, selon la méthode GRADE : « élevée » si d'autres "
                    "études ont peu de chances de le changer, « très faible » s'il reste très incertain.",
                ),
                FieldPanel("context"),
            ]
        ),
        FieldPanel("in_words"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "résultat évalué"


class Publication(Orderable):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article scientifique"
        REVIEW = "review", "Revue systématique ou méta-analyse"
        REPORT = "report", "Rapport d'évaluation"
        RECOMMENDATION = "recommendation", "Recommandation"
        GUIDE = "guide", "Guide"

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="publications")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    authors = models.CharField(
        "auteurs", max_length=500, help_text="Par exemple « Thornicroft G, Deb T, Henderson C »."
    )
    title = models.CharField("titre", max_length=500)
    title_language = models.CharField(
        "langue du titre",
        max_length=8,
        blank=True,
        choices=LANGUAGES,
        help_text="Seulement si le titre n'est pas en français : les lecteurs d'écran le lisent alors avec "
        "la bonne prononciation.",
    )
    container = models.CharField("revue ou éditeur", max_length=300, blank=True)
    year = models.PositiveSmallIntegerField("année", validators=[validate_publication_year])
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text="Par exemple 10.1002/wps.20349",
    )
    url = models.URLField("adresse web", max_length=500, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="document PDF",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lay_summary = models.CharField(
        "en une phrase simple",
        max_length=300,
        blank=True,
        help_text="Ce que cette publication montre, en mots simples.",
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("authors"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_language")]),
        FieldRowPanel([FieldPanel("container"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("doi"), FieldPanel("url")]),
        FieldPanel("document"),
        FieldPanel("lay_summary"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "publication"

    def clean(self):
        super().clean()
        self.doi = normalise_doi(self.doi)

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def url_is_pdf(self):
        """An address that opens a PDF says so on its link (its weight is not known without fetching it)."""
        return urlsplit(self.url).path.lower().endswith(".pdf") if self.url else False

    @property
    def title_search(self):
        """Where a reader can look the title up when neither a DOI, an address nor a file is known: PubMed (the public
        database of the US National Library of Medicine) for articles and reviews, Google Scholar for reports,
        recommendations and guides, which PubMed rarely holds. A link only: nothing is loaded before the click."""
        if self.doi or self.url or self.document_id:
            return None
        if self.kind in (self.Kind.ARTICLE, self.Kind.REVIEW):
            return "PubMed", "https://pubmed.ncbi.nlm.nih.gov/?" + urlencode({"term": self.title})
        return "Google Scholar", "https://scholar.google.com/scholar?" + urlencode({"q": self.title})

    @property
    def document_label(self):
        """« PDF, 230 Ko »: the kind and weight of the attached file, before a reader on a phone plan opens it."""
        if not self.document_id:
            return ""
        kind = (self.document.file_extension or "fichier").upper()
        size = self.document.get_file_size()  # Wagtail's cached size; None when the storage cannot tell
        if size is None:
            return kind
        if size >= 1024 * 1024:
            weight = f"{size / (1024 * 1024):.1f}".replace(".", ",") + "\u00a0Mo"
        else:
            weight = f"{max(1, round(size / 1024))}\u00a0Ko"
        return f"{kind}, {weight}"
