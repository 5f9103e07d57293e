"""The published objects, each with everything its record needs, in a number of queries that does not grow with
the number of objects: live and public pages only, support teams, the evidence scale, and the pépites of calls
whose results are published."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from opendata.records import Links
from parcours.models import NewsPage, ParcoursIndexPage, ThemePage, ThemePracticeLink, ThemeResource
from practices.models import (
    Condition,
    EvidenceLevel,
    PracticePage,
    PracticeSupport,
    Region,
    SupportTeam,
    SupportTeamIndexPage,
    TargetPublic,
)

PUBLISHED_CALL_STATUSES = ("results_published", "archived")


def public_pages(model: Any) -> QuerySet:
    return model.objects.live().public()


def live_themes() -> Any:  # a PageQuerySet (descendant_of…)
    return public_pages(ThemePage)


def practices() -> QuerySet:
    """Every live, public practice with its classification (for lists)."""
    return (
        public_pages(PracticePage)
        .select_related("evidence_level")
        .prefetch_related(
            "publics",
            "conditions",
            "regions",
            "tagged_items__tag",
            Prefetch(
                "theme_links",
                queryset=ThemePracticeLink.objects.filter(theme__in=live_themes())
                .select_related("theme")
                .order_by("-is_primary", "theme__path"),
                to_attr="live_theme_links",
            ),
        )
        .order_by("pk")
    )


def practices_in_full() -> QuerySet:
    """Every live, public practice with its five levels."""
    return (
        practices()
        .select_related("video_file", "video_captions")
        .prefetch_related(
            "outcomes",
            Prefetch("publications", queryset=_publications()),
            Prefetch(
                "support_links",
                queryset=PracticeSupport.objects.filter(team__isnull=False)
                .select_related("team__departement__region")
                .order_by("team__name"),
                to_attr="public_support_links",
            ),
        )
    )


def _publications() -> QuerySet:
    from practices.models import Publication

    return Publication.objects.select_related("document").order_by("sort_order", "pk")


def parcours() -> QuerySet:
    return public_pages(ParcoursIndexPage).order_by("path")


def parcours_with_themes() -> list[Any]:
    doors = list(parcours())
    themes = list(live_themes().only("id", "title", "path", "depth").order_by("path"))
    for door in doors:
        door.live_themes = [t for t in themes if t.path.startswith(door.path) and t.depth == door.depth + 1]
    return doors


def themes() -> QuerySet:
    return (
        live_themes()
        .order_by("path")
        .prefetch_related(
            Prefetch(
                "practice_links",
                queryset=ThemePracticeLink.objects.filter(practice__in=public_pages(PracticePage))
                .select_related("practice")
                .order_by("sort_order", "pk"),
                to_attr="live_practice_links",
            ),
            Prefetch("resources", queryset=ThemeResource.objects.select_related("document")),
        )
    )


def news() -> QuerySet:
    return public_pages(NewsPage).select_related("region").order_by("-date", "-pk")


def support_teams() -> QuerySet:
    return (
        SupportTeam.objects.select_related("departement__region", "technical_sheet_document")
        .prefetch_related(
            Prefetch(
                "practice_links",
                queryset=PracticeSupport.objects.filter(practice__in=public_pages(PracticePage))
                .select_related("practice")
                .order_by("sort_order", "pk"),
                to_attr="live_practice_links",
            )
        )
        .order_by("pk")
    )


def evidence_levels() -> QuerySet:
    return EvidenceLevel.objects.published().order_by("order", "code")


def publics() -> QuerySet:
    return TargetPublic.objects.order_by("order", "name")


def conditions() -> QuerySet:
    return Condition.objects.order_by("name")


def regions() -> QuerySet:
    return Region.objects.order_by("code")


def pepites() -> QuerySet:
    """The pépites the PositiveHub shows on the results of its calls (consented and published)."""
    from hub.models import PublicListing

    return (
        PublicListing.objects.filter(application__call__status__in=PUBLISHED_CALL_STATUSES)
        .select_related("application__call")
        .order_by("pk")
    )


def links_for(request: Any = None) -> Links:
    """Addresses for a batch of records: the team sheets' base and the parcours, in two queries at most."""
    from wagtail.models import Site

    from pagecache import site_structure

    root_url = ""
    if request is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        root_url = site.root_url if site else ""
    index_page: Any = (
        site_structure("team-index", lambda: SupportTeamIndexPage.objects.live().public().first() or "")
        or None
    )
    team_base = index_page.url if index_page else None
    doors = {door.path: door for door in parcours().only("id", "title", "path", "depth", "kind")}
    return Links(request=request, root_url=root_url, team_base=team_base, parcours_by_path=doors)
