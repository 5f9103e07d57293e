"""Site-wide reader views: search, the help block page, robots.txt."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from pagecache import cacheable
from parcours.models import HelpSettings, NewsPage, ParcoursIndexPage, StandardPage, ThemePage
from practices.models import EvidenceLevel, PracticePage, TargetPublic

MAX_QUERY_LENGTH = 200
TYPES = {
    "pratique": ("Bonne pratique", PracticePage),
    "theme": ("Thème", ThemePage),
    "actualite": ("Actualité", NewsPage),
    "page": ("Page d'information", StandardPage),
}


def _home_crumb(request):
    site = Site.find_for_request(request)
    return [site.root_page] if site else []


def _excerpt(page):
    for attr in ("summary", "intro", "chapo", "search_description"):
        value = getattr(page, attr, "")
        if value:
            text = strip_tags(str(value))
            return text[:280] + ("…" if len(text) > 280 else "")
    return ""


def _type_label(page):
    for label, model in TYPES.values():
        if isinstance(page, model):
            return label
    return page._meta.verbose_name.capitalize()


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        messages.info(request, f"Votre recherche était très longue : seuls les {MAX_QUERY_LENGTH} premiers caractères sont utilisés.")
    chosen = {name: request.GET.get(name, "") for name in ("type", "parcours", "niveau", "public")}
    parcours_pages = {p.kind: p for p in ParcoursIndexPage.objects.live().public()}
    levels = {lvl.code: lvl for lvl in EvidenceLevel.objects.order_by("order")}
    publics = {p.slug: p for p in TargetPublic.objects.all()}
    known = {"type": TYPES, "parcours": parcours_pages, "niveau": levels, "public": publics}
    for name, value in list(chosen.items()):
        if value and value not in known[name]:
            messages.info(request, "Un filtre inconnu a été ignoré.")
            chosen[name] = ""

    pages = Page.objects.live().public()
    if chosen["type"]:
        pages = pages.type(TYPES[chosen["type"]][1])
    practice_filters = {}
    if chosen["niveau"]:
        practice_filters["evidence_level"] = levels[chosen["niveau"]]
    if chosen["public"]:
        practice_filters["publics"] = publics[chosen["public"]]
    if practice_filters:
        pages = pages.filter(id__in=PracticePage.objects.filter(**practice_filters).values_list("id", flat=True))
    if chosen["parcours"]:
        parcours = parcours_pages[chosen["parcours"]]
        in_parcours = PracticePage.objects.filter(theme_links__theme__path__startswith=parcours.path).values_list("id", flat=True)
        pages = pages.filter(id__in=list(Page.objects.descendant_of(parcours, inclusive=True).values_list("id", flat=True)) + list(in_parcours))

    results = None
    result_items = []
    if query:
        found = pages.search(query, operator="and")
        paginator = Paginator(found, 10)
        results = paginator.get_page(request.GET.get("page"))
        specific = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in results]).specific()}
        # The path in the site of every result, in one query: ancestors' paths are prefixes of a page's path.
        steplen = Page.steplen
        prefixes = {
            page.path[:steplen * depth]
            for page in specific.values()
            for depth in range(3, page.depth)
        }
        titles = dict(Page.objects.filter(path__in=prefixes).values_list("path", "title"))
        result_items = [
            {
                "page": specific[p.pk],
                "type": _type_label(specific[p.pk]),
                "excerpt": _excerpt(specific[p.pk]),
                "path": [titles[specific[p.pk].path[:steplen * d]] for d in range(3, specific[p.pk].depth)
                         if specific[p.pk].path[:steplen * d] in titles],
            }
            for p in results if p.pk in specific
        ]
    suggestions = []
    if query and results is not None and not results.paginator.count:
        suggestions = list(ThemePage.objects.live().public().order_by("path"))
    return render(
        request,
        "parcours/search.html",
        {
            "search_query": query,
            "home_crumb": _home_crumb(request),
            "results": results,
            "result_items": result_items,
            "suggestions": suggestions,
            "chosen": chosen,
            "types": [(k, v[0]) for k, v in TYPES.items()],
            "parcours_options": list(parcours_pages.values()),
            "levels": list(levels.values()),
            "publics": list(publics.values()),
        },
    )


@cacheable
def help_page(request):
    site = Site.find_for_request(request)
    settings = HelpSettings.for_site(site) if site else None
    return render(request, "parcours/help.html", {"help": settings, "home_crumb": _home_crumb(request)})


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /compte/",
        "Disallow: /recherche/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
