"""The site's glossary, built once per site-wide generation (every change to a term bumps it)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from glossary.marking import Entry, Glossary, normal
from pagecache import site_structure


def _build() -> Glossary:
    from glossary.models import Term

    entries: dict[str, Entry] = {}
    for term in Term.objects.only("term", "slug", "variants", "definition"):
        entry = Entry(term=term.term, anchor=term.anchor, definition=term.definition)
        for form in term.forms():
            entries.setdefault(normal(form), entry)
    return Glossary(entries, reverse("glossary"))


def site_glossary(request: HttpRequest | None = None) -> Glossary:
    return site_structure("glossary", _build, request)
