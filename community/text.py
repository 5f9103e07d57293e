"""Members' text: plain text only. Contact details typed by a member are masked; links get rel="nofollow ugc"."""

from __future__ import annotations

import re

from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# French numbers (01 23 45 67 89, +33 1 23 45 67 89, 01.23.45.67.89) and long international ones; short public
# numbers (3114, 15, 112, 114) are never masked.
PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{2}[\s.-]?\(?0?\)?[\s.-]?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)"
)
EMAIL_MASK = "[adresse masquée]"
PHONE_MASK = "[numéro masqué]"


def clean_text(value: str) -> str:
    """Normalise line ends and strip invisible control characters (NUL is refused by the form before)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32).strip()


def mask_contacts(value: str) -> tuple[str, bool]:
    """The text with e-mail addresses and phone numbers masked, and whether anything was masked."""
    masked = EMAIL_RE.sub(EMAIL_MASK, value)
    masked = PHONE_RE.sub(PHONE_MASK, masked)
    return masked, masked != value


def render_body(value: str) -> SafeString:
    """Plain text as HTML: escaped, paragraphs and line breaks, web addresses as links that search engines do not
    follow (rel="nofollow ugc")."""
    html = urlize(value, trim_url_limit=60, nofollow=True, autoescape=True)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc"')
    return mark_safe(linebreaks(html, autoescape=False))  # noqa: S308 — escaped by urlize above
