"""Marks the first occurrence of each glossary term in a rendered page, as a link to its definition.

The link works without JavaScript (it leads to the entry of the glossary page); `glossary.js` turns it into a
disclosure that shows the definition in place, for keyboard and screen-reader users alike. Text inside links,
headings, buttons, form controls, code, badges, and what is already marked is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape

TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
SKIPPED = {
    "a", "abbr", "button", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "label", "option", "pre",
    "script", "select", "style", "summary", "textarea", "title", "nav", "kbd", "samp", "svg", "math",
}  # fmt: skip
# Labels drawn as badges (white on colour) and anything an editor or template marks `data-no-glossary`: a link
# there would be unreadable, or would break the label.
UNMARKED = re.compile(r"""\sdata-no-glossary\b|\sclass=["'][^"']*\bbadge\b""")
VOID = {"br", "img", "input", "hr", "meta", "link", "source", "track", "wbr", "col", "area", "base", "embed"}


APOSTROPHE = "(?:'|’|&#x27;|&#39;)"


def normal(form: str) -> str:
    """How a written form is looked up: unescaped, typographic apostrophes as plain ones, spaces single, case folded."""
    return " ".join(unescape(form).replace("’", "'").split()).casefold()


def _form_pattern(form: str) -> str:
    return r"\s+".join(re.escape(word).replace("'", APOSTROPHE) for word in form.split())


@dataclass(frozen=True)
class Entry:
    term: str
    anchor: str
    definition: str


class Glossary:
    def __init__(self, entries: dict[str, Entry], url: str) -> None:
        """`entries` maps each written form (case-folded) to its entry; `url` is the glossary page's address."""
        self.entries = entries
        self.url = url
        forms = sorted(entries, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(_form_pattern(f) for f in forms) + r")(?![\w-])", re.I)
            if forms
            else None
        )

    def mark(self, html: str) -> str:
        if self.pattern is None or not html:
            return html
        done: set[str] = set()
        skipping: list[str] = []
        out: list[str] = []
        for part in TAG.split(html):
            if not part:
                continue
            if part.startswith("<"):
                out.append(part)
                match = TAG_NAME.match(part)
                if not match or part.startswith("<!--"):
                    continue
                name = match.group(1).lower()
                if name in VOID or part.endswith("/>"):
                    continue
                if part.startswith("</"):
                    if skipping and skipping[-1] == name:
                        skipping.pop()
                elif name in SKIPPED or skipping or UNMARKED.search(part):
                    skipping.append(name)
                continue
            out.append(part if skipping else self._mark_text(part, done))
        return "".join(out)

    def _mark_text(self, text: str, done: set[str]) -> str:
        assert self.pattern is not None

        def replace(match: re.Match[str]) -> str:
            entry = self.entries.get(normal(match.group(1)))
            if entry is None or entry.anchor in done:
                return match.group(0)
            done.add(entry.anchor)
            return (
                f'<a class="terme" href="{escape(self.url)}#{entry.anchor}" '
                f'data-definition="{escape(entry.definition)}">{match.group(0)}</a>'
            )

        return self.pattern.sub(replace, text)
