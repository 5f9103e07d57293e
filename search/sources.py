"""What is searched besides Wagtail's pages: the help page, the support teams' sheets, the PositiveHub's
public calls, results and pépites. The hub is read here (search may import hub; practices never does), public
data
only: calls that are not drafts, results and pépites of calls whose results are published."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.html import strip_tags
from modelsearch.query import And, Or, PlainText, SearchQuery
from wagtail.search.backends import get_search_backend

from search import text

EXCERPT = 280


@dataclass
class Item:
    title: str
    url: str
    type: str
    excerpt: str = ""
    path: tuple[str, ...] = ()


def pks(results: Any) -> Any:
    """The primary keys of search results, as a subquery on the database backends (one query whatever the
    number of matches), as a list on external engines."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return get_queryset().values("pk")
    return [r.pk for r in results[:2000]]


def excerpt(value: Any) -> str:
    plain = " ".join(strip_tags(str(value or "")).split())
    return plain[:EXCERPT] + ("…" if len(plain) > EXCERPT else "")


def matches(query: SearchQuery | None, haystack: set[str]) -> bool:
    """Does the text whose stems are `haystack` match `query` (And, Or, PlainText of search/query.py)?"""
    if query is None:
        return True
    if isinstance(query, And):
        return all(matches(q, haystack) for q in query.subqueries)
    if isinstance(query, Or):
        return any(matches(q, haystack) for q in query.subqueries)
    if isinstance(query, PlainText):
        wanted = [text.stem(w) for w in text.meaningful(text.words(query.query_string))]
        return bool(wanted) and (all if query.operator == "and" else any)(w in haystack for w in wanted)
    return False


def help_items(request: Any, query: SearchQuery | None, distress: bool) -> list[Item]:
    from safety.templatetags.safety_tags import help_settings_for

    settings = help_settings_for(request)
    title = settings.title if settings else "Besoin de soutien ?"
    intro = settings.intro if settings else ""
    lines = " ".join(
        f"{b.value.get('name')} {b.value.get('number')} {b.value.get('description')}"
        for b in (settings.lines if settings else [])
    )
    words = (
        f"{title} {intro} {lines} aide soutien écoute urgence ligne téléphone 3114 15 112 114 suicide crise"
    )
    if distress or matches(query, set(text.stems(words))):
        return [Item(title=title, url=reverse("help"), type="Aide", excerpt=excerpt(intro))]
    return []


def hub_items(query: SearchQuery | None) -> list[Item]:
    """The PositiveHub's calls and their results pages (a handful, one per year), matched here."""
    from hub.models import Call, CallStatus

    published = (CallStatus.RESULTS_PUBLISHED, CallStatus.ARCHIVED)
    items: list[Item] = []
    calls = list(Call.objects.exclude(status=CallStatus.DRAFT).select_related("theme").order_by("-year"))
    for call in calls:
        words = (
            f"{call.title} {call.intro} {call.theme.title if call.theme else ''} {call.eligibility_text} "
            f"{call.congress} positivehub appel pépites {call.year}"
        )
        if matches(query, set(text.stems(words))):
            items.append(
                Item(
                    title=call.title,
                    url=reverse("hub:call-detail", args=[call.slug]),
                    type="PositiveHub : appel à pépites",
                    excerpt=excerpt(call.intro),
                )
            )
        if call.status in published and matches(query, set(text.stems(f"{words} résultats lauréats"))):
            items.append(
                Item(
                    title=f"Résultats : {call.title}",
                    url=reverse("hub:call-results", args=[call.slug]),
                    type="PositiveHub : résultats",
                )
            )
    return items


def hub_listings(query: SearchQuery | None) -> Any:
    """The pépites of published calls that match, from the search index: a queryset (one query to count it, one
    for the slice a page shows), whatever the number of pépites."""
    from hub.models import CallStatus, PublicListing

    listings = PublicListing.objects.filter(
        application__call__status__in=(CallStatus.RESULTS_PUBLISHED, CallStatus.ARCHIVED)
    )
    if query is not None:
        found = get_search_backend().search(query, PublicListing.objects.all(), order_by_relevance=False)
        listings = listings.filter(pk__in=pks(found))
    return listings.select_related("application__call").order_by(
        "-application__call__year", "public_title", "pk"
    )


def listing_item(listing: Any) -> Item:
    return Item(
        title=listing.public_title,
        url=listing.get_absolute_url(),
        type=f"Pépite du PositiveHub {listing.application.call.year}",
        excerpt=excerpt(listing.public_summary),
        path=(listing.organisation_name,),
    )
