"""« Où est-elle mise en œuvre ? » on the practice page: a small map (an image file) and the places as links."""

from __future__ import annotations

from typing import Any

from django import template

from implementation.where import where

register = template.Library()


@register.inclusion_tag("implementation/practice_block.html")
def implementation_block(practice: Any, heading_level: int = 3) -> dict[str, Any]:
    found = where(practice)
    regions = sorted({(code, name) for _title, code, name in found.regions}, key=lambda r: r[1])
    return {"practice": practice, "found": found, "regions": regions, "heading_level": heading_level}
