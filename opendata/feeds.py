"""The RSS feed of the changes of every practice (Django's syndication framework)."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse

from opendata import changelog


class ChangesFeed(Feed):
    title = "Historique des bonnes pratiques en santé mentale"
    description = "Chaque publication, mise à jour et changement de niveau de preuve des bonnes pratiques."
    language = "fr"

    def link(self) -> str:
        return reverse("opendata:registry-history")

    def items(self) -> list[changelog.Change]:
        return changelog.registry_history(50)

    def item_title(self, item: changelog.Change) -> str:
        return f"{item.practice_title} : {item.kind}"

    def item_description(self, item: changelog.Change) -> str:
        parts = [item.summary]
        if item.reason:
            parts.append(f"Pourquoi ce niveau : {item.reason}")
        if item.note:
            parts.append(f"Note du comité : {item.note}")
        return "\n\n".join(parts)

    def item_link(self, item: changelog.Change) -> str:
        return reverse("opendata:practice-history", args=[item.practice_id]) + f"#changement-{item.pk}"

    def item_guid(self, item: changelog.Change) -> str:
        return f"lilith-changement-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: changelog.Change) -> Any:
        return item.when
