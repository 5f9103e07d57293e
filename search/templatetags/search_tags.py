"""`highlight_stems`: the searched words marked in a title or excerpt, whatever their ending or accents."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import text

register = template.Library()


@register.filter
def highlight_stems(value: str, stems: str) -> SafeString:
    """Escape `value` and wrap in <mark> each word whose French stem is one of `stems` (space separated)."""
    wanted = {s for s in (stems or "").split() if len(s) > 2}
    escaped = escape(value or "")
    if not wanted:
        return mark_safe(escaped)  # noqa: S308 — escaped just above

    def mark(match: re.Match[str]) -> str:
        word = match.group(0)
        return f"<mark>{word}</mark>" if text.stem(text.fold(word)) in wanted else word

    # Words only: the entities made by escape() (&#x27; &amp;…) are left untouched.
    return mark_safe(re.sub(r"(?<![&#\w])[^\W_]+", mark, escaped))  # noqa: S308
