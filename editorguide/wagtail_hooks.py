"""The French editor's guide in the admin's « Aide » menu, in place of Wagtail's English one: the cahier des
charges asks « Prévoir une formation à la gestion des contenus du site », and the editors are not technical."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from editorguide import views


@hooks.register("register_admin_urls")
def guide_urls() -> list:
    return [path("guide-de-l-editeur/", views.guide, name="editor_guide")]


@hooks.register("register_help_menu_item")
def guide_menu_item() -> MenuItem:
    return MenuItem(
        "Guide de l'éditeur (en français)",
        reverse("editor_guide"),
        icon_name="help",
        order=100,  # first of the menu
        name="guide-de-l-editeur",
    )


@hooks.register("construct_help_menu")
def without_the_english_guide(request, menu_items) -> None:  # noqa: ANN001 — Wagtail's hook signature
    """Wagtail's own guide is in English and describes no Lilith field: the French one replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "editor-guide"]
