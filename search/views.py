"""The search page, /recherche/: words, filters with their counts, or filters alone (browsing without typing).

What a reader may look for is listed together: Wagtail pages (practices, themes, news, standard pages, the two
parcours), the support teams' sheets, the help page and the PositiveHub's public pages. When the words express
distress (safety.distress), the help box comes before any result; it also ends every page without results. A
query that finds nothing is tried again with the nearest indexed words (« Vouliez-vous dire… ? »).

Never stored by the page cache (`never_cache`: a query, and what it may say about a reader, stays private).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from hub.models import PublicListing
from parcours.models import ConditionPage, NewsPage, ParcoursIndexPage, StandardPage, ThemePage
from practices.models import (
    Condition,
    Departement,
    EvidenceLevel,
    PracticePage,
    Region,
    SupportTeam,
    TargetPublic,
)
from safety.distress import expresses_distress
from search import query as reader_query
from search import sources, text, vocabulary
from search.forms import PRACTICE_FILTERS, TYPES, SearchForm
from search.signals import searched

PER_PAGE = 10
PAGE_TYPES: dict[str, tuple[str, type[Page]]] = {
    "pratique": ("Bonne pratique", PracticePage),
    "theme": ("Thème", ThemePage),
    "actualite": ("Actualité", NewsPage),
    "page": ("Page d'information", StandardPage),
}
LABELS = {
    PracticePage: "Bonne pratique",
    ThemePage: "Thème",
    NewsPage: "Actualité",
    StandardPage: "Page d'information",
    ParcoursIndexPage: "Parcours",
    ConditionPage: "Fiche sur un trouble",
}


@dataclass
class Options:
    parcours: dict[str, ParcoursIndexPage]
    themes: dict[str, ThemePage]
    levels: dict[str, EvidenceLevel]
    publics: dict[str, TargetPublic]
    conditions: dict[str, Condition]
    regions: dict[str, Region]
    departements: dict[str, Departement]

    @classmethod
    def load(cls) -> "Options":
        return cls(
            parcours={p.kind: p for p in ParcoursIndexPage.objects.live().public().order_by("path")},
            themes={
                str(t.pk): t
                for t in ThemePage.objects.live().public().order_by("path").only("id", "title", "path")
            },
            levels={lvl.code: lvl for lvl in EvidenceLevel.objects.published().order_by("order", "code")},
            publics={p.slug: p for p in TargetPublic.objects.order_by("name")},
            conditions={c.slug: c for c in Condition.objects.order_by("name")},
            regions={r.code: r for r in Region.objects.order_by("name")},
            departements={d.code: d for d in Departement.objects.order_by("code")},
        )

    def known(self) -> dict[str, set[str]]:
        return {
            "parcours": set(self.parcours),
            "theme": set(self.themes),
            "niveau": set(self.levels),
            "public": set(self.publics),
            "trouble": set(self.conditions),
            "region": set(self.regions),
            "departement": set(self.departements),
        }


# What each practice filter selects, and the value its facet counts by.
PRACTICE_LOOKUPS = {
    "theme": ("theme_links__theme_id", lambda v: int(v)),
    "niveau": ("evidence_level__code", str),
    "public": ("publics__slug", str),
    "trouble": ("conditions__slug", str),
    "region": ("regions__code", str),
    "departement": ("support_links__team__departement__code", str),
}


def _filter_practices(qs: QuerySet, chosen: dict[str, str], options: Options, skip: str = "") -> QuerySet:
    if chosen["parcours"] and skip != "parcours":
        qs = qs.filter(theme_links__theme__path__startswith=options.parcours[chosen["parcours"]].path)
    for name, (lookup, convert) in PRACTICE_LOOKUPS.items():
        if chosen[name] and name != skip:
            qs = qs.filter(pk__in=PracticePage.objects.filter(**{lookup: convert(chosen[name])}).values("pk"))
    return qs


def practice_facets(base: QuerySet, chosen: dict[str, str], options: Options) -> dict[str, Counter]:
    """For each filter, how many practices each choice would give, the other filters kept (one query each)."""
    counts: dict[str, Counter] = {}
    for name, (lookup, _convert) in PRACTICE_LOOKUPS.items():
        rows = (
            _filter_practices(base, chosen, options, skip=name)
            .filter(**{f"{lookup}__isnull": False})
            .order_by()
            .values(lookup)
            .annotate(n=Count("pk", distinct=True))
            .values_list(lookup, "n")
        )
        counts[name] = Counter({str(value): n for value, n in rows})
    parcours_base = _filter_practices(base, chosen, options, skip="parcours")
    parcours_q = {
        kind: Count("pk", filter=Q(theme_links__theme__path__startswith=p.path), distinct=True)
        for kind, p in options.parcours.items()
    }
    counts["parcours"] = Counter(parcours_base.aggregate(**parcours_q)) if parcours_q else Counter()
    return counts


class Combined(Sequence):
    """Several result sources read as one list by the paginator: each is counted once and only the slice a
    page
    shows is fetched from it."""

    def __init__(self, segments: Iterable[Any]) -> None:
        self.segments = [s for s in segments if s is not None]
        self.sizes = [
            s.count() if hasattr(s, "count") and not isinstance(s, list) else len(s) for s in self.segments
        ]

    def __len__(self) -> int:
        return sum(self.sizes)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        out: list[Any] = []
        offset = 0
        for segment, size in zip(self.segments, self.sizes, strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, size)
            if lo < hi:
                out.extend(segment[lo:hi])
            offset += size
        return out


def _page_items(pages: list[Any]) -> dict[int, sources.Item]:
    """Result items for Wagtail pages: their specific fields, and their place in the site, in a bounded number
    of
    queries (one per page type, one for every ancestor's title)."""
    if not pages:
        return {}
    specific = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    steplen = Page.steplen
    prefixes = {page.path[: steplen * depth] for page in specific.values() for depth in range(3, page.depth)}
    titles = dict(Page.objects.filter(path__in=prefixes).values_list("path", "title")) if prefixes else {}
    items = {}
    for pk, page in specific.items():
        summary = next(
            (
                getattr(page, a)
                for a in ("summary", "intro", "chapo", "search_description")
                if getattr(page, a, "")
            ),
            "",
        )
        items[pk] = sources.Item(
            title=page.title,
            url=page.url or "",
            type=LABELS.get(type(page), page._meta.verbose_name.capitalize()),
            excerpt=sources.excerpt(summary),
            path=tuple(
                titles[page.path[: steplen * d]]
                for d in range(3, page.depth)
                if page.path[: steplen * d] in titles
            ),
        )
    return items


def _team_items(teams: list[SupportTeam]) -> dict[int, sources.Item]:
    from practices.models.support_teams import attach_public_urls

    attach_public_urls(teams)
    return {
        t.pk: sources.Item(
            title=t.name,
            url=t.public_url or "",
            type="Équipe d'appui",
            excerpt=sources.excerpt(t.description),
            path=(t.city,),
        )
        for t in teams
    }


PAGE_MODELS: list[type[Page]] = [
    PracticePage,
    ThemePage,
    ConditionPage,
    NewsPage,
    StandardPage,
    ParcoursIndexPage,
]


class Results:
    """The reader's results for a cleaned form: pages, teams and other items, with the filters' counts."""

    def __init__(
        self,
        request: HttpRequest,
        chosen: dict[str, str],
        options: Options,
        reader: reader_query.ReaderQuery,
        distress: bool,
    ) -> None:
        query = reader.query
        practices_only = any(chosen[name] for name in PRACTICE_FILTERS)
        kind = "pratique" if practices_only else chosen["type"]
        others_allowed = not practices_only and not chosen["parcours"]

        # Wagtail pages
        models = [PAGE_TYPES[kind][1]] if kind in PAGE_TYPES else ([] if kind else PAGE_MODELS)
        pages = Page.objects.live().public().type(*models) if models else Page.objects.none()
        if chosen["parcours"]:
            parcours = options.parcours[chosen["parcours"]]
            in_parcours = PracticePage.objects.filter(
                theme_links__theme__path__startswith=parcours.path
            ).values("pk")
            pages = pages.filter(Q(path__startswith=parcours.path) | Q(id__in=in_parcours))
        if practices_only:
            pages = pages.filter(
                id__in=_filter_practices(PracticePage.objects.all(), chosen, options).values("pk")
            )
        page_results = pages.search(query) if query is not None else pages.order_by("title")

        # Support teams, the help page, the PositiveHub: only without a filter on practices or parcours
        teams = SupportTeam.objects.all()
        team_results = (
            get_search_backend().search(query, teams) if query is not None else teams.order_by("name")
        )
        hub = sources.hub_items(query)
        pepites = sources.hub_listings(query)
        help_first = sources.help_items(request, query, distress)
        help_first = help_first if others_allowed and (kind == "" or distress) else []
        self.all = Combined(
            [
                help_first,
                page_results,
                team_results if others_allowed and kind in ("", "equipe") else [],
                hub if others_allowed and kind in ("", "positivehub") else [],
                pepites if others_allowed and kind in ("", "positivehub") else [],
            ]
        )
        self.content_count = len(self.all) - len(help_first)

        # Counts beside each filter
        practices = PracticePage.objects.live().public()
        if query is not None:
            practices = practices.filter(
                pk__in=sources.pks(practices.search(query, order_by_relevance=False))
            )
        self.facets = practice_facets(practices, chosen, options)
        matching = Page.objects.live().public()
        if query is not None:
            matching = matching.filter(pk__in=sources.pks(matching.search(query, order_by_relevance=False)))
        by_type = dict(
            matching.order_by()
            .values("content_type")
            .annotate(n=Count("pk"))
            .values_list("content_type", "n")
        )
        from django.contrib.contenttypes.models import ContentType

        type_ids = ContentType.objects.get_for_models(*(m for _l, m in PAGE_TYPES.values()))
        self.type_counts = {
            slug: by_type.get(type_ids[model].pk, 0) for slug, (_l, model) in PAGE_TYPES.items()
        }
        self.type_counts["equipe"] = team_results.count()
        self.type_counts["positivehub"] = len(hub) + pepites.count()

    def page(self, number: Any) -> Any:
        paginated = Paginator(self.all, PER_PAGE).get_page(number)
        rows = list(paginated.object_list)
        page_map = _page_items([r for r in rows if isinstance(r, Page)])
        team_map = _team_items([r for r in rows if isinstance(r, SupportTeam)])
        items: list[sources.Item] = []
        for row in rows:
            if isinstance(row, Page):
                if row.pk in page_map:
                    items.append(page_map[row.pk])
            elif isinstance(row, SupportTeam):
                items.append(team_map[row.pk])
            elif isinstance(row, PublicListing):
                items.append(sources.listing_item(row))
            else:
                items.append(row)
        paginated.items = items
        return paginated


def _suggestion(reader: reader_query.ReaderQuery) -> str | None:
    """The words typed, each unknown one replaced by the nearest indexed word; None if nothing changes."""
    folded = [text.fold(w) for w in reader.words]
    meaningful = [f for f in folded if f not in text.STOPWORDS and len(f) >= 4]
    known = vocabulary.known_stems(text.stem(f) for f in meaningful)
    changed = False
    corrected: list[str] = []
    for word, fold in zip(reader.words, folded, strict=True):
        if fold in meaningful and text.stem(fold) not in known:
            nearest = vocabulary.closest_word(fold)
            if nearest and text.fold(nearest) != fold:
                corrected.append(nearest)
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed else None


def filter_fields(options: Options, results: "Results", chosen: dict[str, str]) -> list[dict[str, Any]]:
    """What the filter form shows: each filter's choices, with the number of results each would give."""
    facets = results.facets
    parents = {p.path: p.title for p in options.parcours.values()}
    steplen = Page.steplen

    def choices(name: str, pairs: Iterable[tuple[str, str]], sparse: bool = False) -> list[dict[str, Any]]:
        counts = facets.get(name, Counter()) if name != "type" else results.type_counts
        out = []
        for value, label in pairs:
            n = counts.get(value, 0)
            if sparse and not n and chosen[name] != value:
                continue
            out.append({"value": value, "label": f"{label} ({n})", "selected": chosen[name] == value})
        return out

    return [
        {"name": "type", "label": "Type", "all": "Tous les types", "choices": choices("type", TYPES.items())},
        {
            "name": "parcours",
            "label": "Parcours",
            "all": "Les deux parcours",
            "choices": choices("parcours", ((k, p.title) for k, p in options.parcours.items())),
        },
        {
            "name": "theme",
            "label": "Thème",
            "all": "Tous les thèmes",
            "choices": choices(
                "theme",
                (
                    (k, f"{parents.get(t.path[:-steplen], '')} › {t.title}".lstrip(" ›"))
                    for k, t in options.themes.items()
                ),
            ),
        },
        {
            "name": "niveau",
            "label": "Niveau de preuve",
            "all": "Tous les niveaux",
            "choices": choices(
                "niveau", ((k, f"{lvl.code} — {lvl.name}") for k, lvl in options.levels.items())
            ),
        },
        {
            "name": "public",
            "label": "Public",
            "all": "Tous les publics",
            "choices": choices("public", ((k, p.name) for k, p in options.publics.items())),
        },
        {
            "name": "trouble",
            "label": "Trouble ou situation",
            "all": "Tous",
            "choices": choices("trouble", ((k, c.name) for k, c in options.conditions.items())),
        },
        {
            "name": "region",
            "label": "Région de mise en œuvre",
            "all": "Toutes les régions",
            "choices": choices("region", ((k, r.name) for k, r in options.regions.items()), sparse=True),
        },
        {
            "name": "departement",
            "label": "Département d'une équipe d'appui",
            "all": "Tous les départements",
            "choices": choices(
                "departement", ((k, str(d)) for k, d in options.departements.items()), sparse=True
            ),
        },
    ]


def _home_crumb(request: HttpRequest) -> list[Page]:
    site = Site.find_for_request(request)
    return [site.root_page] if site else []


@never_cache
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    options = Options.load()
    form = SearchForm(request.GET, known=options.known())
    context: dict[str, Any] = {
        "form": form,
        "home_crumb": _home_crumb(request),
        "options": options,
        "types": TYPES,
        "search_query": form.displayed_query(),
    }
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    for note in form.notes:
        messages.info(request, note)
    data = form.cleaned_data
    chosen = {name: data[name] for name in ("type", "parcours", *PRACTICE_FILTERS)}
    reader = reader_query.build(data["q"])
    distress = expresses_distress(data["q"])
    browsing = reader.query is None
    if data["q"] and browsing:
        messages.info(request, "Votre recherche ne contient aucun mot : voici tout ce que le site propose.")
    results = Results(request, chosen, options, reader, distress)
    suggestion = None
    if not browsing and not results.content_count:
        # Nothing but perhaps the help page: the nearest indexed words, then any of the words.
        suggestion = _suggestion(reader)
        if suggestion:
            corrected = reader_query.build(suggestion)
            retried = Results(request, chosen, options, corrected, distress)
            if retried.content_count:
                results, reader = retried, corrected
            else:
                suggestion = None
        if not suggestion and len(reader.words) > 1:
            any_word = reader_query.build(data["q"], operator="or")
            retried = Results(request, chosen, options, any_word, distress)
            if retried.content_count:
                results, reader = retried, any_word
    page = results.page(request.GET.get("page"))
    # A search is counted once, on its first page: asking for another page (even one that does not exist and
    # falls back to the first) is the same search.
    if not browsing and request.GET.get("page", "1") in ("", "1"):
        searched.send(sender=search, request=request, query=data["q"], results=page.paginator.count)
    context.update(
        search_query=data["q"],
        chosen=chosen,
        results=page,
        count=page.paginator.count,
        browsing=browsing,
        distress=distress,
        suggestion=suggestion,
        reader=reader,
        facets=results.facets,
        type_counts=results.type_counts,
        highlight_stems=" ".join(reader.stems),
        any_filter=any(chosen.values()),
        filters=filter_fields(options, results, chosen),
        themes=list(ThemePage.objects.live().public().order_by("path").only("id", "title", "url_path"))
        if not page.paginator.count
        else [],
        query_string=_query_string(data, chosen),
    )
    return render(request, "search/search.html", context)


def _query_string(data: dict[str, Any], chosen: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in {"q": data["q"], **chosen}.items() if v})
