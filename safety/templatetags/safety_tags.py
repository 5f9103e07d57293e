"""`{% help_box %}`: the calm help box (3114, 15, 112, 114 by SMS, then the help page's other lines).

Usage: `{% load safety_tags %}{% help_box %}` or `{% help_box heading_level=3 %}`. It reads the lines of the
« Besoin de soutien ? » settings of the site that serves the request (one query, memoised on the request by
Wagtail). `{% include "components/help_box.html" %}` works too: without `help_lines` it shows the national numbers.
"""

from typing import Any

from django import template
from wagtail.models import Site

from parcours.models import HelpSettings

register = template.Library()

# Shown in the box's first lines whatever the settings say; the settings' own copy of them is not repeated.
FIXED_NUMBERS = {"3114", "15", "112", "114"}


def help_lines_for(request: Any) -> list[dict[str, str]]:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    settings = HelpSettings.for_site(site)
    return [dict(block.value) for block in settings.lines if block.value.get("tel") not in FIXED_NUMBERS]


@register.inclusion_tag("components/help_box.html", takes_context=True)
def help_box(context: template.Context, heading_level: int = 2) -> dict[str, Any]:
    request = context.get("request")
    return {
        "help_lines": help_lines_for(request),
        "heading_level": heading_level,
        "request": request,
    }
