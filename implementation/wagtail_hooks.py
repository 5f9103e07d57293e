"""Admin: projects (snippets) for editors, and the review of support-team applications."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from implementation import admin_views
from implementation.models import ImplementationProject


class ProjectViewSet(SnippetViewSet):
    model = ImplementationProject
    icon = "site"
    menu_label = "Projets de mise en œuvre"
    menu_order = 216
    add_to_admin_menu = True
    list_display = ["practice", "host_organisation", "departement", "team", "stage", "is_public"]
    list_filter = ["stage", "is_public", "is_demo"]


register_snippet(ProjectViewSet)

admin_urls = [
    path("", admin_views.application_list, name="applications"),
    path("<int:pk>/", admin_views.application_review, name="application"),
    path("<int:pk>/piece/<str:which>/", admin_views.application_file, name="application-file"),
]


@hooks.register("register_admin_urls")
def register_application_urls() -> list:
    return [path("candidatures-equipes-d-appui/", include((admin_urls, "implementation_admin")))]


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_applications_menu_item() -> MenuItem:
    return ApplicationsMenuItem(
        "Candidatures d'équipes d'appui",
        reverse("implementation_admin:applications"),
        icon_name="form",
        order=217,
    )
