"""`{% community_section page %}` on a practice page; `post_body` renders members' plain text safely."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from community.models import Poll, PracticeCommunity, Reply, Thread
from community.text import render_body

register = template.Library()
SECTION_THREADS = 10


def thread_listing(practice_id: int):
    return (
        Thread.objects.published()
        .filter(practice_id=practice_id)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.published()
                .select_related("author", "as_team")
                .order_by("created_at", "pk"),
                to_attr="published_replies",
            )
        )
        .order_by("-pinned", "-created_at", "-pk")
    )


@register.inclusion_tag("community/practice_section.html", takes_context=True)
def community_section(context: Any, page: Any) -> dict:
    """The practice's « Questions et échanges »: the same for every reader (the page may come from the cache);
    the personal parts are behind the links, on /communaute/. Two queries, whatever the number of threads."""
    from practices.models import SupportTeam

    threads = list(thread_listing(page.pk)[: SECTION_THREADS + 1])
    teams = context.get("support_links")
    team_list = (
        [link.team for link in teams]
        if teams is not None
        else list(SupportTeam.objects.filter(practice_links__practice=page).order_by("name"))
    )
    more = len(threads) > SECTION_THREADS
    space = PracticeCommunity.objects.filter(practice_id=page.pk).first()
    polls = open_polls(practice_id=page.pk)
    return {
        **member_slot(context.get("request"), practice_id=page.pk),
        "practice": page,
        "threads": threads[:SECTION_THREADS],
        "more": more,
        "teams": team_list,
        "space": space,
        "polls": polls,
    }


def member_slot(request: Any, *, practice_id: int | None = None, thread_id: int | None = None) -> dict:
    """The place of the reader's own part: its address (fetched by community/member.js when the page came from the
    cache) and, when the page is rendered for a logged-in reader (never stored), the part itself."""
    from community.views import member_part_context

    query = f"fil={thread_id}" if thread_id is not None else f"pratique={practice_id}"
    part = None
    if request is not None and getattr(request.user, "is_authenticated", False):
        part = member_part_context(request, practice_id=practice_id, thread_id=thread_id)
    return {"member_part_url": f"{reverse('community:member-part')}?{query}", "member_part": part}


def open_polls(practice_id: int | None, limit: int = 3) -> list[Poll]:
    now = timezone.now()
    return list(
        Poll.objects.filter(practice_id=practice_id, opens_at__lte=now, closes_at__gt=now).order_by(
            "closes_at"
        )[:limit]
    )


@register.inclusion_tag("community/home_polls.html")
def home_polls() -> dict:
    """The site-wide polls, on the home page (one query; the page may come from the cache, purged when a poll is
    saved, opens or closes). Only the one closing soonest: the home page fits one screen, and the next one takes
    its place when it closes."""
    return {"polls": open_polls(practice_id=None, limit=1)}


@register.filter
def post_body(value: str) -> SafeString:
    return render_body(value or "")
