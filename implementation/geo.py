"""The map of France (départements, overseas in insets) drawn as SVG from the open data in data/france_map.json."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

DATA = Path(__file__).resolve().parent / "data" / "france_map.json"
# What a département shows, strongest first: the class of the first one that applies colours it.
MARKS = [
    ("projet", "Projet en cours ou installé"),
    ("equipe", "Équipe d'appui"),
    ("site", "Lieu où une équipe d'appui la pratique"),
    ("region", "Région où la pratique est mise en œuvre"),
]
# Presentation attributes, not CSS: the drawing looks the same inline, as a file, and under a strict CSP.
COLOURS = {"projet": "#a93226", "equipe": "#1b4f72", "site": "#4f8fb5", "region": "#9cc3dd", "": "#e6e4df"}


@functools.cache
def map_data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@dataclass
class MapMarks:
    """What is where, by département code."""

    by_departement: dict[str, set[str]] = field(default_factory=dict)

    def add(self, code: str, mark: str) -> None:
        self.by_departement.setdefault(code, set()).add(mark)

    def main_mark(self, code: str) -> str:
        marks = self.by_departement.get(code, set())
        return next((name for name, _ in MARKS if name in marks), "")


def svg(marks: MapMarks, names: dict[str, str], *, title: str, element_id: str = "carte") -> SafeString:
    """The inline SVG; each département has its name (and what it has) as a tooltip. The accessible alternative
    (the table) is always given beside it, so the image itself is a labelled picture."""
    data = map_data()
    labels = dict(MARKS)
    shapes = []
    for code, path in data["departements"].items():
        mark = marks.main_mark(code)
        has = [labels[m] for m, _ in MARKS if m in marks.by_departement.get(code, set())]
        tooltip = names.get(code, code) + (" : " + ", ".join(has).lower() if has else "")
        shapes.append(
            f'<path data-code="{code}" data-mark="{mark}" fill="{COLOURS[mark]}" d="{path}">'
            f"<title>{escape(tooltip)}</title></path>"
        )
    frames = "".join(
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" fill="none" stroke="#b8b5ae"></rect>'
        for x, y, w, h in data["insets"].values()
    )
    return mark_safe(
        f'<svg class="map" id="{escape(element_id)}" viewBox="{data["viewBox"]}" role="img" '
        f'aria-labelledby="{escape(element_id)}-titre" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(element_id)}-titre">{escape(title)}</title>{frames}'
        f'<g stroke="#fff" stroke-width=".6" stroke-linejoin="round">{"".join(shapes)}</g></svg>'
    )


def standalone_svg(marks: MapMarks, names: dict[str, str], *, title: str) -> str:
    """A self-contained SVG file (for an <img>)."""
    return str(svg(marks, names, title=title, element_id="carte"))
