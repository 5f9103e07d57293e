from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from glossary.terms import site_glossary

register = template.Library()


class GlossaryNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        html = self.nodelist.render(context)
        if context.get("no_glossary"):
            return html
        return mark_safe(site_glossary(context.get("request")).mark(html))  # noqa: S308 — marks rendered HTML


@register.tag("glossary")
def do_glossary(parser: Any, token: Any) -> GlossaryNode:
    """`{% glossary %}…{% endglossary %}`: the first occurrence of each term inside becomes a link to its
    definition."""
    nodelist = parser.parse(("endglossary",))
    parser.delete_first_token()
    return GlossaryNode(nodelist)
