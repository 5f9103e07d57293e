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


def terms_used(text: str) -> list[str]:
    """The glossary's terms that a plain text uses, each once, in order (for the editors' readability panel)."""
    glossary = site_glossary()
    if glossary.pattern is None:
        return []
    found: dict[str, None] = {}
    for match in glossary.pattern.finditer(text):
        entry = glossary.entries.get(normal(match.group(1)))
        if entry is not None:
            found.setdefault(entry.term, None)
    return list(found)
