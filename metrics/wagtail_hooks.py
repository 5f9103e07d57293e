"""The indicators in the admin: a menu entry for those allowed to see them, the reports' URLs, the referencing
dates of the support teams (a snippet)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from metrics import admin_views, indicators
from metrics.models import TeamReference


def report(request: HttpRequest, key: str, results_only: bool = False) -> HttpResponse:
    if key not in indicators.BY_KEY:
        raise Http404("Indicateur inconnu.")
    view = admin_views.IndicatorReportView.as_view(indicator_key=key, results_only=results_only)
    return view(request)


admin_urlpatterns = [
    path("", admin_views.indicators_index, name="index"),
    path("rapport-semestriel/", admin_views.semester_report, name="semester-report"),
    path("<slug:key>/", report, name="report"),
    path("<slug:key>/resultats/", report, {"results_only": True}, name="report-results"),
]


@hooks.register("register_admin_urls")
def register_metrics_urls() -> list[Any]:
    return [path("indicateurs/", include((admin_urlpatterns, "metrics_admin"), namespace="metrics_admin"))]


class IndicatorsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.may_see_indicators(request.user)


@hooks.register("register_admin_menu_item")
def register_metrics_menu_item() -> MenuItem:
    return IndicatorsMenuItem("Indicateurs", reverse("metrics_admin:index"), icon_name="table", order=900)


class TeamReferenceViewSet(SnippetViewSet):
    model = TeamReference
    icon = "date"
    menu_label = "Dates de référencement"
    add_to_admin_menu = False
    list_display = ["team", "referenced_on"]
    ordering = ["team__name"]


register_snippet(TeamReferenceViewSet)


class FiguresPanel(Component):
    """The dashboard's « Lilith en chiffres »: the main indicators of the last semesters, for those who may see
    the indicators."""

    name = "lilith_figures"
    order = 40
    template_name = "metrics/admin/figures_panel.html"

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        from metrics.views import _semester_filters, public_summary

        return {"summary": public_summary(_semester_filters(2))}


@hooks.register("construct_homepage_panels")
def add_figures_panel(request: HttpRequest, panels: list[Any]) -> None:
    if admin_views.may_see_indicators(request.user):
        panels.append(FiguresPanel())
