"""Languages a phrase or a title may be in besides French, for the `lang` attribute (WCAG 3.1.2): a screen reader
reads « Recovery College » or « sterke aanwijzingen » with the right pronunciation only when the page says so.
Editors mark a passage with a rich-text button per language; a publication's title has a field."""

import re

LANGUAGES = [
    ("en", "anglais"),
    ("de", "allemand"),
    ("nl", "néerlandais"),
    ("es", "espagnol"),
    ("it", "italien"),
]

# The rich-text features (readability/wagtail_hooks.py), to add to a field's `features`.
LANGUAGE_FEATURES = [f"lang-{code}" for code, _name in LANGUAGES]

# In a plain-text field (the evidence scale's criteria, the demo's YAML), a passage in another language is written
# « [nl: sterke aanwijzingen] »; readers see only the words, screen readers hear them in that language.
MARK = re.compile(r"\[(" + "|".join(code for code, _name in LANGUAGES) + r"): ([^\[\]\n]+)\]")


def mark_languages(escaped_html: str) -> str:
    """Already escaped text with its « [en: …] » marks turned into `<span lang="en">…</span>`."""
    return MARK.sub(r'<span lang="\1">\2</span>', escaped_html)


def strip_language_marks(text: str) -> str:
    """The text as a reader reads it, for exports and plain-text mail: « [en: Recovery College] » → the words."""
    return MARK.sub(r"\2", text)
