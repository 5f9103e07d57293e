"""Editors (CRES) manage every training session and see registrations in the Wagtail admin."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from trainings.models import Registration, TrainingSession


class TrainingSessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = "Sessions"
    list_display = ["title", "practice", "kind", "starts_at", "team", "is_published"]
    list_filter = ["kind", "is_published", "is_demo"]
    search_fields = ["title"]
    ordering = ["-starts_at"]


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "user"
    menu_label = "Inscriptions"
    list_display = ["name", "session", "status", "attended", "created_at"]
    list_filter = ["status", "attended"]
    panels = [
        FieldPanel("session", read_only=True),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("organisation"),
        FieldPanel("role"),
        FieldPanel("status"),
        FieldPanel("attended"),
    ]


class TrainingsViewSetGroup(SnippetViewSetGroup):
    items = (TrainingSessionViewSet, RegistrationViewSet)
    menu_icon = "date"
    menu_label = "Formations"
    menu_order = 215


register_snippet(TrainingsViewSetGroup)
