"""The headline of a news item that announces a call follows the call's real state.

The trees (`parcours`) know nothing of the hub: their news templates load this library, and the hub purges every
page when a call changes state (`hub/signals.py`), so a cached news page or card never says « est ouvert » once
the call is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import template
from django.urls import reverse
from django.utils import formats, timezone

from hub.models import Call, CallStatus
from pagecache import site_structure

register = template.Library()

CALL_NEWS_CATEGORY = "appel-a-pepites"  # parcours.NewsCategory.CALL, named here without importing the trees
AFTER_RESULTS = (CallStatus.RESULTS_PUBLISHED, CallStatus.ARCHIVED)


@dataclass(frozen=True)
class CallState:
    year: int
    status: str
    opens_at: datetime
    closes_at: datetime
    url: str
    results_url: str

    def headline(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        name = f"L'appel à pépites {self.year} du PositiveHub"
        if self.status in AFTER_RESULTS:
            return f"Appel à pépites {self.year} du PositiveHub : les pépites sont connues"
        if self.status in (CallStatus.DRAFT, CallStatus.ANNOUNCED) and now < self.opens_at:
            return f"{name} ouvre le {_day(self.opens_at)}"
        if self.status in (CallStatus.ANNOUNCED, CallStatus.OPEN) and now < self.closes_at:
            return f"{name} est ouvert jusqu'au {_day(self.closes_at)}"
        return f"{name} est clos : le comité évalue les candidatures"

    def link(self) -> tuple[str, str]:
        if self.status in AFTER_RESULTS:
            return self.results_url, f"Voir les pépites {self.year}"
        return self.url, f"Voir l'appel à pépites {self.year}"


def _day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def _build() -> dict[int, CallState]:
    states = {}
    for call in Call.objects.exclude(status=CallStatus.DRAFT).only(
        "year", "slug", "status", "opens_at", "closes_at"
    ):
        states[call.year] = CallState(
            year=call.year,
            status=call.status,
            opens_at=call.opens_at,
            closes_at=call.closes_at,
            url=reverse("hub:call-detail", args=[call.slug]),
            results_url=reverse("hub:call-results", args=[call.slug]),
        )
    return states


def call_for_news(news: Any, request: Any = None) -> CallState | None:
    """The published call a news item announces: one of the « appel à pépites » category, of the call's year."""
    if getattr(news, "category", None) != CALL_NEWS_CATEGORY or getattr(news, "date", None) is None:
        return None
    return site_structure("hub-call-states", _build, request).get(news.date.year)


@register.simple_tag(takes_context=True)
def news_headline(context: template.Context, news: Any) -> str:
    state = call_for_news(news, context.get("request"))
    return state.headline() if state else news.title


@register.inclusion_tag("hub/news_call_link.html", takes_context=True)
def news_call_link(context: template.Context, news: Any) -> dict[str, Any]:
    state = call_for_news(news, context.get("request"))
    if state is None:
        return {"href": None}
    href, label = state.link()
    return {"href": href, "label": label}
