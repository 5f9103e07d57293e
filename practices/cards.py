"""Cards of practices and support teams, rendered once and kept until what they show changes.

A theme may list a hundred practices and the team list two hundred teams: building that many objects and rendering
that many templates on each uncached view costs more than the rest of the page. A card's key holds everything that
changes what it shows: the release and content generation (bumped when the evidence scale, a section or a page's
place in the tree changes: pagecache), the object, and the time it last changed (the last publication of a practice,
the last save of a team sheet), so a new version gives a new key and nothing has to be deleted.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from pagecache import fragment_key

CARD_SECONDS = 24 * 3600


def _cards(kind, rows, load, template, name, request, extra):
    """`rows`: (pk, changed_at) in display order; `load(pks)`: the objects to render for the cards not cached."""
    prefix = fragment_key("card", kind, *extra.values())
    keys = {pk: f"{prefix}:{pk}:{stamp.timestamp() if stamp else 0}" for pk, stamp in rows}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        rendered = {
            keys[obj.pk]: render_to_string(template, {name: obj, **extra}, request=request)
            for obj in load(missing)
        }
        cache.set_many(rendered, CARD_SECONDS)
        found.update(rendered)
    return [mark_safe(found[keys[pk]]) for pk, _ in rows if keys[pk] in found]


def practice_cards(rows, request, heading_level=2):
    """Cards of practices, `rows` being (pk, last_published_at) pairs in display order."""
    from practices.models import PracticePage

    return _cards(
        "practice",
        rows,
        lambda pks: PracticePage.objects.filter(pk__in=pks).for_listing(),
        "components/practice_card.html",
        "practice",
        request,
        {"heading_level": heading_level},
    )


def team_cards(rows, request, base_url, heading_level=2):
    """Cards of support teams, `rows` being (pk, updated_at) pairs in display order; `base_url` is the team list's."""
    from practices.models import SupportTeam

    def load(pks):
        teams = list(SupportTeam.objects.filter(pk__in=pks).select_related("departement__region"))
        for team in teams:
            team._public_url = f"{base_url}{team.slug}/"
        return teams

    return _cards(
        "team",
        rows,
        load,
        "components/support_team_card.html",
        "team",
        request,
        {"heading_level": heading_level, "base": base_url},
    )
