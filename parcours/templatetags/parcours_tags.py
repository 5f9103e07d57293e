from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Site

from pagecache import site_structure
from parcours.models import condition_sheets_of, practice_breadcrumb, practice_pager, themes_of
from practices.models import PracticePage

register = template.Library()


@register.simple_tag
def breadcrumb_for(page):
    """The pages above `page` in the reader's path (home first), without the tree root."""
    if page is None or page.depth <= 2:
        return []
    if isinstance(page, PracticePage):
        return practice_breadcrumb(page)
    getter = getattr(page, "get_breadcrumb", None)
    if getter is not None:
        return getter()
    return list(page.get_ancestors().filter(depth__gt=1))


@register.simple_tag(takes_context=True)
def site_sections(context):
    """The home page's sections for the header and footer: built once per content generation, not per request."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return _sections(None)
    return site_structure(f"sections:{site.pk}", lambda: _sections(site), request)


def _sections(site):
    sections = {
        "home": None,
        "parcours": [],
        "standard": [],
        "practices": None,
        "news": None,
        "teams": None,
        "conditions": None,
    }
    if site is None:
        return sections
    root = site.root_page
    sections["home"] = root
    for child in root.get_children().live().public().order_by("path"):
        kind = child.specific_class._meta.model_name if child.specific_class else ""
        if kind == "parcoursindexpage":
            sections["parcours"].append(child)
        elif kind == "standardpage":
            sections["standard"].append(child)
        elif kind == "practiceindexpage":
            sections["practices"] = child
        elif kind == "newsindexpage":
            sections["news"] = child
        elif kind == "supportteamindexpage":
            sections["teams"] = child
        elif kind == "conditionindexpage":
            sections["conditions"] = child
    return sections


@register.simple_tag
def pager_for(page):
    """Previous and next pages where the reader expects them (themes in a parcours, practices in their
    primary theme, news by date); returns (previous, next)."""
    if page is None:
        return (None, None)
    if isinstance(page, PracticePage):
        return practice_pager(page)
    getter = getattr(page, "get_pager", None)
    return getter() if getter is not None else (None, None)


@register.filter
def highlight(text, query):
    """Escape `text` and wrap each searched word in <mark>."""
    import re

    text = escape(text or "")
    words = [re.escape(escape(w)) for w in (query or "").split() if len(w) > 2][:10]
    if not words:
        return mark_safe(text)
    pattern = re.compile("(" + "|".join(words) + ")", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", text))


@register.simple_tag
def themes_listing(page):
    """The live themes that list a practice, in the site's order."""
    return list(themes_of(page))


@register.filter
def news_json_ld(page, headline):
    """The news item's JSON-LD with the headline the page shows."""
    return page.json_ld(headline)


@register.simple_tag(takes_context=True)
def condition_sheets_for(context, practice):
    """The plain-language sheets of the conditions a practice is filed under: (title, address) pairs."""
    return condition_sheets_of(practice, context.get("request"))
