"""Template tags the registry's templates load to show what the indicators add to them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def website_is_safe(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.hostname)


@register.simple_tag
def team_website_link(team: Any) -> SafeString:
    """The link to a support team's own website, through Lilith's counted redirect; the reader sees where it
    goes. Nothing when the team has no (valid) website."""
    if not website_is_safe(getattr(team, "website", "")):
        return SafeString("")
    host = urlsplit(team.website).hostname or ""
    return format_html(
        '<li><a href="{}" rel="nofollow">Site web de l\'équipe</a> ({})</li>',
        reverse("metrics:team-website", args=[team.slug]),
        host.removeprefix("www."),
    )


@register.simple_tag
def team_figures_link(team: Any) -> SafeString:
    """In a team's space: the link to its own figures."""
    return format_html(
        '<li><a href="{}">Voir les chiffres de l\'équipe</a></li>',
        reverse("metrics:team-figures", args=[team.slug]),
    )
