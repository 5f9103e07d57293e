"""The site's tree: home page, the two parcours, their themes, and standard pages."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from easyread.models import EasyReadMixin
from practices.blocks import ContentBlock, StandardContentBlock
from readability.panels import ReadabilityPanel


class HomePage(Page):
    intro = models.CharField(
        "à quoi sert le site",
        max_length=250,
        help_text="Une seule phrase simple qui dit à quoi sert le site.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        HelpPanel(
            content="« À la une » : les 6 actualités les plus récentes dont la case « À la une » est cochée "
            "(dans chaque actualité) s'affichent ici d'elles-mêmes."
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "parcours.ParcoursIndexPage",
        "parcours.StandardPage",
        "parcours.NewsIndexPage",
        "practices.PracticeIndexPage",
        "practices.SupportTeamIndexPage",
        "parcours.ConditionIndexPage",
        "community.SatisfactionQuestionnairePage",  # a model named, not imported: the trees know nothing of it
    ]
    max_count = 1
    page_description = "La page d'accueil du site."

    class Meta:
        verbose_name = "page d'accueil"

    def route(self, request, path_components):
        """Find the page at this address in two queries (by its slug, then its type) rather than one query per
        level of the tree. Addresses that are not a page (a routable page's sub-address such as a team sheet or
        the news feed) fall back to Wagtail's walk down the tree."""
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            candidates = Page.objects.filter(
                slug=path_components[-1], depth=self.depth + len(path_components), path__startswith=self.path
            )
            page = next((p for p in candidates if p.url_path == url_path), None)
            if page is not None:
                return page.specific.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parcours = list(ParcoursIndexPage.objects.live().public().child_of(self).order_by("path"))
        themes = ThemePage.objects.live().public().descendant_of(self).order_by("path")
        by_parent = {}
        for theme in themes:
            by_parent.setdefault(theme.path[: -theme.steplen], []).append(theme)
        context["doors"] = [(p, by_parent.get(p.path, [])) for p in parcours]
        context["featured_news"] = featured_news(self)
        context["news_index"] = NewsIndexPage.objects.live().public().first()
        return context


def sibling_pager(page, model):
    """Previous and next live siblings of the same type, in the editors' order."""
    siblings = list(
        model.objects.live()
        .public()
        .sibling_of(page, inclusive=True)
        .order_by("path")
        .only("id", "title", "path", "url_path")
    )
    ids = [p.pk for p in siblings]
    if page.pk not in ids:
        return (None, None)
    i = ids.index(page.pk)
    return (siblings[i - 1] if i > 0 else None, siblings[i + 1] if i + 1 < len(siblings) else None)


EVIDENCE_MAP_SLUG = "carte-des-preuves"


class ParcoursIndexPage(RoutablePageMixin, Page):
    class Kind(models.TextChoices):
        VIE = "vie", "Parcours de vie"
        SOINS = "soins", "Parcours de soins"

    kind = models.CharField("parcours", max_length=10, choices=Kind.choices, unique=True)
    intro = models.TextField(
        "introduction", blank=True, help_text="2 ou 3 phrases simples qui présentent ce parcours."
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("intro")]
    parent_page_types = ["parcours.HomePage"]
    subpage_types = ["parcours.ThemePage"]
    max_count = 2
    page_description = "Une des deux portes d'entrée : parcours de vie ou parcours de soins."

    class Meta:
        verbose_name = "parcours"
        verbose_name_plural = "parcours"

    def get_pager(self):
        return sibling_pager(self, ParcoursIndexPage)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = (
            ThemePage.objects.live().public().child_of(self).order_by("path").select_related("illustration")
        )
        return context

    def evidence_map_url(self):
        url = self.get_url()
        return f"{url}{EVIDENCE_MAP_SLUG}/" if url else None

    @path(f"{EVIDENCE_MAP_SLUG}/", name="evidence-map")
    def evidence_map(self, request):
        """« Carte des preuves »: this parcours' practices × the outcomes that matter for recovery. `?preuves=`
        keeps all evidence (`toutes`, the default) or the French and French-speaking evidence only."""
        from django.template.response import TemplateResponse

        from parcours import evidence_map

        wanted = request.GET.get("preuves", evidence_map.ALL)
        known = wanted in (evidence_map.ALL, evidence_map.FRENCH_ONLY)
        the_map = evidence_map.evidence_map(self, french_only=wanted == evidence_map.FRENCH_ONLY)
        return TemplateResponse(
            request,
            "parcours/evidence_map.html",
            {
                "page": self,
                "self": self,
                "map": the_map,
                "unknown_filter": not known,
                "crumbs": list(self.get_ancestors().filter(depth__gt=1)),
                "all_value": evidence_map.ALL,
                "french_value": evidence_map.FRENCH_ONLY,
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = list(super().get_sitemap_urls(request))
        if urls:
            urls.append({**urls[0], "location": urls[0]["location"] + f"{EVIDENCE_MAP_SLUG}/"})
        return urls


class ThemePage(EasyReadMixin, Page):
    chapo = models.TextField(
        "chapô",
        help_text="Le contexte et le problème, en une dizaine de lignes simples : c'est le premier niveau de savoir. "
        "Séparez les paragraphes par une ligne vide.",
    )
    illustration = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="illustration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    illustration_alt = models.CharField(
        "texte alternatif de l'illustration",
        max_length=200,
        blank=True,
        help_text="Décrivez ce que montre l'illustration, pour les personnes qui ne la voient pas. Obligatoire avec une illustration.",
    )

    search_fields = Page.search_fields + [index.SearchField("chapo"), index.SearchField("falc_text")]
    content_panels = Page.content_panels + [
        FieldPanel("chapo"),
        ReadabilityPanel("chapo"),
        MultiFieldPanel([FieldPanel("illustration"), FieldPanel("illustration_alt")], heading="Illustration"),
        InlinePanel(
            "practice_links",
            heading="Bonnes pratiques de ce thème",
            label="bonne pratique",
            help_text="Dans l'ordre où elles doivent apparaître (5 ou 6 en général).",
        ),
        InlinePanel("resources", heading="Pour aller plus loin", label="ressource"),
        MultiFieldPanel(
            EasyReadMixin.easy_read_panels, heading="Version facile à lire", classname="collapsed"
        ),
    ]
    parent_page_types = ["parcours.ParcoursIndexPage"]
    subpage_types = []
    page_description = "Un thème d'un parcours (par exemple « Le logement ») et ses bonnes pratiques."

    class Meta:
        verbose_name = "thème"

    def get_pager(self):
        return sibling_pager(self, ThemePage)

    def clean(self):
        super().clean()
        if self.illustration_id and not self.illustration_alt.strip():
            raise ValidationError(
                {"illustration_alt": "Ajoutez un texte alternatif qui décrit l'illustration."}
            )

    @property
    def chapo_paragraphs(self):
        return [p.strip() for p in self.chapo.split("\n\n") if p.strip()]

    def get_context(self, request, *args, **kwargs):
        from practices.models import PracticePage

        context = super().get_context(request, *args, **kwargs)
        from practices.cards import practice_cards

        practice_ids = list(self.practice_links.values_list("practice_id", flat=True))
        stamps = dict(
            PracticePage.objects.live()
            .public()
            .filter(pk__in=practice_ids)
            .values_list("pk", "last_published_at")
        )
        context["practice_cards"] = practice_cards(
            [(pk, stamps[pk]) for pk in practice_ids if pk in stamps], request, heading_level=3
        )
        context["resources"] = list(self.resources.select_related("document"))
        return context


class ThemePracticeLink(Orderable):
    theme = ParentalKey(ThemePage, on_delete=models.CASCADE, related_name="practice_links")
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name="bonne pratique",
        on_delete=models.CASCADE,
        related_name="theme_links",
    )

    is_primary = models.BooleanField(
        "thème principal de cette pratique",
        default=False,
        help_text="Cochez si ce thème donne le fil d'Ariane de la pratique et ses liens « précédente » et "
        "« suivante ». Un seul thème principal par pratique ; sans thème principal, c'est le premier thème du site "
        "qui la présente.",
    )

    panels = [PageChooserPanel("practice", "practices.PracticePage"), FieldPanel("is_primary")]

    class Meta(Orderable.Meta):
        verbose_name = "bonne pratique du thème"
        constraints = [
            models.UniqueConstraint(fields=["theme", "practice"], name="parcours_practice_once_per_theme")
        ]


def primary_theme_of(practice):
    """The theme that gives a practice its place in the reader's path: the live theme where it is marked primary,
    else the first live theme of the site that lists it (None when no theme lists it)."""
    link = (
        ThemePracticeLink.objects.filter(practice=practice, theme__live=True)
        .select_related("theme")
        .order_by("-is_primary", "theme__path")
        .first()
    )
    return link.theme if link is not None else None


def practice_breadcrumb(practice):
    """Home → parcours → primary theme: the reader's path, not the storage path."""
    theme = primary_theme_of(practice)
    if theme is None:
        return [p for p in practice.get_ancestors().specific() if p.depth > 1]
    return [p for p in theme.get_ancestors(inclusive=True) if p.depth > 1]


def practice_pager(practice):
    """Previous and next practices in the editors' order of the primary theme."""
    from practices.models import PracticePage

    theme = primary_theme_of(practice)
    if theme is None:
        return (None, None)
    ids = list(theme.practice_links.values_list("practice_id", flat=True))
    if practice.pk not in ids:
        return (None, None)
    i = ids.index(practice.pk)
    wanted = [pk for pk in (ids[i - 1] if i > 0 else None, ids[i + 1] if i + 1 < len(ids) else None) if pk]
    pages = (
        PracticePage.objects.live().public().filter(pk__in=wanted).only("id", "title", "url_path").in_bulk()
    )
    previous = pages.get(ids[i - 1]) if i > 0 else None
    following = pages.get(ids[i + 1]) if i + 1 < len(ids) else None
    return (previous, following)


def themes_of(practice):
    return ThemePage.objects.live().public().filter(practice_links__practice=practice).order_by("path")


class ThemeResource(Orderable):
    theme = ParentalKey(ThemePage, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField("titre", max_length=200)
    url = models.URLField("adresse web", max_length=500, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
    page_description = (
        "Une page simple : qui sommes-nous, mentions légales, accessibilité, données personnelles…"
    )

    class Meta:
        verbose_name = "page simple"


class ConditionIndexPage(Page):
    """« Comprendre les troubles »: the plain-language sheets, one per condition."""

    intro = models.CharField(
        "en une phrase",
        max_length=300,
        blank=True,
        help_text="Une phrase simple qui dit à quoi servent ces fiches.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["parcours.HomePage"]
    subpage_types = ["parcours.ConditionPage"]
    max_count = 1
    page_description = "La liste des fiches qui expliquent les troubles en mots simples."

    class Meta:
        verbose_name = "liste des fiches sur les troubles"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sheets"] = list(
            ConditionPage.objects.live()
            .public()
            .child_of(self)
            .only("id", "title", "url_path", "summary", "path")
        )
        return context


class ConditionPage(EasyReadMixin, Page):
    """A plain-language sheet (« fiche de vulgarisation ») about one condition, and the practices filed under it."""

    condition = models.OneToOneField(
        "practices.Condition",
        verbose_name="trouble ou situation",
        on_delete=models.PROTECT,
        related_name="sheet",
        help_text="Les bonnes pratiques classées sous ce trouble (onglet « Classement » de chaque pratique) "
        "s'affichent d'elles-mêmes en bas de la fiche.",
    )
    summary = models.TextField(
        "en bref",
        max_length=400,
        help_text="Deux ou trois phrases courtes (15 mots au plus chacune), sans mot technique.",
    )
    body = StreamField(ContentBlock(), verbose_name="contenu", blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("falc_text"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("condition"),
        FieldPanel("summary"),
        ReadabilityPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            EasyReadMixin.easy_read_panels, heading="Version facile à lire", classname="collapsed"
        ),
    ]
    parent_page_types = ["parcours.ConditionIndexPage"]
    subpage_types = []
    page_description = "Une fiche qui explique un trouble en mots simples (schizophrénie, dépression…)."

    class Meta:
        verbose_name = "fiche sur un trouble"
        verbose_name_plural = "fiches sur les troubles"

    def get_pager(self):
        return sibling_pager(self, ConditionPage)

    def get_context(self, request, *args, **kwargs):
        from practices.cards import practice_cards
        from practices.models import PracticePage

        context = super().get_context(request, *args, **kwargs)
        rows = list(
            PracticePage.objects.live()
            .public()
            .filter(conditions=self.condition_id)
            .order_by("title")
            .values_list("pk", "last_published_at")
        )
        context["practice_cards"] = practice_cards(rows, request, heading_level=3)
        return context


def condition_sheets_of(practice, request=None):
    """The published sheets of the conditions a practice is filed under, as (title, address) pairs sorted by title:
    one query (the practice's conditions); the sheets themselves are a site structure, kept until the next
    generation, which a sheet's publication or withdrawal bumps (parcours/signals.py)."""
    from pagecache import site_structure

    site = Site.find_for_request(request) if request is not None else None
    site_id = site.pk if site else 0
    sheets = site_structure(f"condition-sheets:{site_id}", lambda: _condition_sheets(request), request)
    if not sheets:
        return []
    ids = practice.conditions.values_list("pk", flat=True)
    return sorted((sheets[pk] for pk in ids if pk in sheets), key=lambda sheet: sheet[0])


def _condition_sheets(request):
    """Each published sheet's title and address as the site serving `request` writes it, by condition."""
    return {
        sheet.condition_id: (sheet.title, sheet.get_url(request))
        for sheet in ConditionPage.objects.live()
        .public()
        .only("id", "title", "url_path", "path", "condition_id")
    }


class NewsCategory(models.TextChoices):
    PTSM = "ptsm", "Projets territoriaux de santé mentale"
    EVENT = "evenement", "Événement"
    PUBLICATION = "publication", "Publication"
    CALL = "appel-a-pepites", "Appel à pépites"


class NewsIndexPage(RoutablePageMixin, Page):
    intro = models.CharField("introduction", max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["parcours.HomePage"]
    subpage_types = ["parcours.NewsPage"]
    max_count = 1
    page_description = "La liste des actualités, filtrable par région et par catégorie, avec son flux RSS."

    class Meta:
        verbose_name = "index des actualités"

    def news(self):
        return (
            NewsPage.objects.live().public().child_of(self).select_related("region").order_by("-date", "-pk")
        )

    @path("")
    def news_list(self, request):
        from practices.models import Region

        news = self.news()
        category = request.GET.get("categorie", "")
        region_code = request.GET.get("region", "")
        known_categories = dict(NewsCategory.choices)
        regions = list(Region.objects.filter(newspage__isnull=False).distinct().order_by("name"))
        if category:
            if category in known_categories:
                news = news.filter(category=category)
            else:
                messages.info(request, "Cette catégorie n'existe pas : toutes les catégories sont affichées.")
                category = ""
        if region_code:
            if any(r.code == region_code for r in regions):
                news = news.filter(region__code=region_code)
            else:
                messages.info(
                    request, "Cette région n'a pas d'actualité : toutes les régions sont affichées."
                )
                region_code = ""
        return self.render(
            request,
            context_overrides={
                "news_page": Paginator(news, 12).get_page(request.GET.get("page")),
                "categories": NewsCategory.choices,
                "regions": regions,
                "selected_category": category,
                "selected_region": region_code,
            },
        )

    @path("rss/", name="rss")
    def rss(self, request):
        return NewsFeed(self)(request)


class NewsFeed(Feed):
    description = "Les actualités des bonnes pratiques en santé mentale."

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.title = f"{index_page.title} · Bonnes pratiques en santé mentale"

    def link(self):
        return self.index_page.url

    def items(self):
        return self.index_page.news()[:30]

    # A template, so that the hub's headline of a news item announcing a call follows the call's state.
    title_template = "parcours/news_feed_title.html"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(timezone.datetime.combine(item.date, timezone.datetime.min.time()))


FEATURED_NEWS = 6


def featured_news(home):
    """« À la une »: the most recent news items their editors marked, at most six (one query)."""
    return list(
        NewsPage.objects.live()
        .public()
        .descendant_of(home)
        .filter(featured=True)
        .order_by("-date", "-pk")[:FEATURED_NEWS]
    )


class NewsPage(Page):
    date = models.DateField("date", default=timezone.localdate)
    category = models.CharField("catégorie", max_length=20, choices=NewsCategory.choices)
    region = models.ForeignKey(
        "practices.Region",
        verbose_name="région",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Laissez vide pour une actualité nationale ou francophone.",
    )
    summary = models.CharField("en une phrase", max_length=300)
    body = StreamField(ContentBlock(), verbose_name="texte", blank=True)
    featured = models.BooleanField(
        "à la une",
        default=False,
        help_text="Cochez pour montrer cette actualité sur la page d'accueil : les 6 plus récentes cochées y "
        "sont montrées, la plus récente en premier. Une actualité plus ancienne en sort d'elle-même.",
    )

    search_fields = Page.search_fields + [index.SearchField("summary", boost=2), index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("category"),
        FieldPanel("region"),
        FieldPanel("summary"),
        FieldPanel("featured"),
        FieldPanel("body"),
    ]
    parent_page_types = ["parcours.NewsIndexPage"]
    subpage_types = []
    page_description = "Une actualité : signature de PTSM, événement, publication, appel à pépites."

    class Meta:
        verbose_name = "actualité"

    def json_ld(self, headline=None):
        """`headline` replaces the title when another app says what the item announces now (a call's state)."""
        from practices.models.pages import json_ld_dumps

        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline or self.title,
            "description": self.summary,
            "datePublished": self.date.isoformat(),
            "dateModified": self.last_published_at.isoformat()
            if self.last_published_at
            else self.date.isoformat(),
            "inLanguage": "fr",
            "publisher": {"@type": "Organization", "name": "Bonnes pratiques en santé mentale"},
        }
        return json_ld_dumps(data)

    def get_pager(self):
        """Previous (older) and next (newer) news, in date order."""
        news = NewsPage.objects.live().public().sibling_of(self, inclusive=False)
        older = (
            news.filter(models.Q(date__lt=self.date) | models.Q(date=self.date, pk__lt=self.pk))
            .order_by("-date", "-pk")
            .first()
        )
        newer = (
            news.filter(models.Q(date__gt=self.date) | models.Q(date=self.date, pk__gt=self.pk))
            .order_by("date", "pk")
            .first()
        )
        return (older, newer)


class HelpLineBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="nom", max_length=120)
    number = blocks.CharBlock(
        label="numéro affiché", max_length=30, help_text="Par exemple « 0 800 235 236 »."
    )
    tel = blocks.RegexBlock(
        label="numéro à composer",
        regex=r"^\+?[0-9]{3,15}$",
        max_length=16,
        error_messages={"invalid": "Écrivez seulement les chiffres du numéro, par exemple 0800235236."},
    )
    hours = blocks.CharBlock(label="horaires", max_length=120)
    description = blocks.CharBlock(label="pour qui, pour quoi", max_length=250)

    class Meta:
        icon = "mobile-alt"
        label = "Ligne d'écoute"


@register_setting(icon="help")
class HelpSettings(BaseSiteSetting):
    title = models.CharField("titre", max_length=80, default="Besoin de soutien ?")
    intro = models.CharField(
        "introduction",
        max_length=250,
        blank=True,
        default="Vous allez mal, ou un proche va mal ? Ces lignes vous répondent. En cas d'urgence vitale, appelez le 15 ou le 112.",
    )
    lines = StreamField([("line", HelpLineBlock())], verbose_name="lignes d'écoute", blank=True)

    panels = [FieldPanel("title"), FieldPanel("intro"), FieldPanel("lines")]

    class Meta:
        verbose_name = "« Besoin de soutien ? »"
