"""`{% help_box %}`: the calm help box (3114, 15, 112, 114 by SMS, then the help page's other lines).

Usage: `{% load safety_tags %}{% help_box %}` or `{% help_box heading_level=3 %}`. It reads the lines of the «
Besoin de soutien ? » settings of the site that serves the request (one query, memoised on the request by
Wagtail). `{% include "components/help_box.html" %}` works too: without `help_lines` it shows the national
numbers.
"""

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from parcours.models import HelpSettings

register = template.Library()

# Shown in the box's first lines whatever the settings say; the settings' own copy of them is not repeated.
FIXED_NUMBERS = {"3114", "15", "112", "114"}


def help_settings_for(request: Any) -> HelpSettings | None:
    """The help settings of the site serving `request`, read without writing (so that a read replica can
    answer,
    where `HelpSettings.for_site` would create the row), memoised on the request."""
    if request is None:
        return None
    if not hasattr(request, "_safety_help_settings"):
        site = Site.find_for_request(request)
        request._safety_help_settings = HelpSettings.objects.filter(site=site).first() if site else None
    return request._safety_help_settings


def help_lines_for(request: Any) -> list[dict[str, str]]:
    settings = help_settings_for(request)
    if settings is None:
        return []
    return [dict(block.value) for block in settings.lines if block.value.get("tel") not in FIXED_NUMBERS]


@register.inclusion_tag("components/help_box.html", takes_context=True)
def help_box(context: template.Context, heading_level: int = 2) -> dict[str, Any]:
    request = context.get("request")
    return {
        "help_lines": help_lines_for(request),
        "heading_level": heading_level,
        "request": request,
    }


EMERGENCY_NUMBER = re.compile(r"(?<![\d,.])(3114|112|114|15)(?![\d])(?!\s?(?:h|heures|min|ans|jours)\b)")


@register.filter
def emergency_links(value: str) -> SafeString:
    """Escape `value` and make the emergency numbers in it tappable: 3114, 15 and 112 call, 114 sends an
    SMS."""

    def link(match: re.Match[str]) -> str:
        number = match.group(1)
        scheme = "sms" if number == "114" else "tel"
        return f'<a href="{scheme}:{number}">{number}</a>'

    return mark_safe(EMERGENCY_NUMBER.sub(link, escape(value or "")))  # noqa: S308 — escaped first
