"""The evidence-and-gap map of a parcours: its practices (rows) × the outcomes that matter for recovery (columns).

Each cell says what the studies found for that practice in that domain (the direction in words, the GRADE
certainty, where the studies were done); an empty cell is a gap: nothing measured yet. Read « French evidence
only », a cell whose studies were all done outside France and the French-speaking countries becomes a gap too, which
is what those who write a territorial project need to see.

Three queries whatever the number of practices: the themes' links with their practices and grades, the outcomes,
the ancestors for the breadcrumb.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from practices.models import PracticeOutcome, PracticePage

FRENCH_CONTEXTS = {PracticeOutcome.Context.FRANCE, PracticeOutcome.Context.FRANCOPHONE}
FRENCH_ONLY = "francaises"  # the value of ?preuves= that keeps French and French-speaking evidence only
ALL = "toutes"


@dataclass
class Cell:
    domain: str
    label: str
    outcomes: list[Any] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return bool(self.outcomes)

    @property
    def french(self) -> bool:
        return any(o.context in FRENCH_CONTEXTS for o in self.outcomes)


@dataclass
class Row:
    practice: Any
    cells: list[Cell]


@dataclass
class EvidenceMap:
    domains: list[tuple[str, str]]
    rows: list[Row]
    french_only: bool

    @property
    def measured(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.measured)

    @property
    def french(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.french)

    @property
    def last_update(self) -> Any:
        dates = [row.practice.last_published_at for row in self.rows if row.practice.last_published_at]
        return max(dates) if dates else None


def evidence_map(parcours: Any, french_only: bool = False) -> EvidenceMap:
    from parcours.models import ThemePage, ThemePracticeLink

    themes = ThemePage.objects.live().public().child_of(parcours)
    links = (
        ThemePracticeLink.objects.filter(
            theme__in=themes, practice__in=PracticePage.objects.live().public().values("pk")
        )
        .select_related("practice__evidence_level")
        .order_by("theme__path", "sort_order", "pk")
    )
    practices: dict[int, Any] = {}
    for link in links:
        practices.setdefault(link.practice_id, link.practice)
    by_cell: dict[tuple[int, str], list[Any]] = {}
    outcomes = (
        PracticeOutcome.objects.filter(page_id__in=list(practices))
        .exclude(domain="")
        .order_by("page_id", "sort_order", "pk")
    )
    for outcome in outcomes:
        by_cell.setdefault((outcome.page_id, outcome.domain), []).append(outcome)
    domains = list(PracticeOutcome.Domain.choices)
    rows = [
        Row(practice, [Cell(code, label, by_cell.get((pk, code), [])) for code, label in domains])
        for pk, practice in practices.items()
    ]
    return EvidenceMap(domains, rows, french_only)
