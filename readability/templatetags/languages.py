from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from readability.languages import mark_languages

register = template.Library()


@register.filter(is_safe=True)
def with_languages(text):
    """Plain text, escaped, with its « [en: …] » passages marked with their language."""
    return mark_safe(mark_languages(str(conditional_escape(text))))  # noqa: S308 — escaped just above
