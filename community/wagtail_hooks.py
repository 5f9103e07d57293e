"""The moderation queue in the Wagtail admin, for community moderators (menu « Modération des échanges »)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.models import Poll
from community.moderation import moderation_queue
from community.permissions import is_community_moderator


def admin_queue(request: HttpRequest) -> HttpResponse:
    if not is_community_moderator(request.user):
        raise Http404
    return moderation_queue(
        request, template="community/admin/moderation.html", redirect_to="community_admin_moderation"
    )


def feedback_results(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("community.view_pagefeedback"):
        raise Http404
    from django.shortcuts import render

    from community.feedback import results
    from community.models import PageFeedback

    page_id = request.GET.get("page")
    reasons = []
    if page_id and page_id.isdigit():
        reasons = list(
            PageFeedback.objects.filter(page_id=int(page_id)).exclude(reason="").order_by("-day", "-pk")[:200]
        )
    return render(request, "community/admin/feedback.html", {"rows": results(), "reasons": reasons})


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return [
        path("echanges/moderation/", admin_queue, name="community_admin_moderation"),
        path("echanges/avis/", feedback_results, name="community_admin_feedback"),
    ]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return request.user.has_perm("community.view_pagefeedback")


@hooks.register("register_admin_menu_item")
def register_feedback_menu_item() -> MenuItem:
    return FeedbackMenuItem(
        "Avis sur les pages", reverse("community_admin_feedback"), icon_name="help", order=260
    )


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return is_community_moderator(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item() -> MenuItem:
    return ModeratorsMenuItem(
        "Modération des échanges", reverse("community_admin_moderation"), icon_name="comment", order=250
    )


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = "Sondages"
    list_display = ["question", "practice", "opens_at", "closes_at"]


register_snippet(PollViewSet)
