"""The readability figures of the published content, as editors and the evaluation read them (readability/measure):
for the leads of practices, their « Comprendre » texts and the themes' chapôs."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from readability.measure import LONG_SENTENCE, measure

# (label, model, field): the reader-facing texts an editor writes first.
TEXTS = [
    ("Pratiques : « En bref »", "practices.PracticePage", "summary"),
    ("Pratiques : « Comprendre »", "practices.PracticePage", "explanation"),
    ("Thèmes : chapô", "parcours.ThemePage", "chapo"),
]


class Command(BaseCommand):
    help = "Affiche la lisibilité des textes publiés (phrases, mots par phrase, score de Kandel et Moles)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(
            "| texte | pages | mots par phrase | phrases de plus de 15 mots | score Kandel et Moles |"
        )
        self.stdout.write("|---|---|---|---|---|")
        for label, model_label, field in TEXTS:
            try:
                model = apps.get_model(model_label)
            except LookupError:
                continue
            values = list(model._default_manager.live().values_list(field, flat=True))  # type: ignore[attr-defined]
            reports = [measure(v or "") for v in values]
            words = sum(r.words for r in reports)
            sentences = sum(r.sentences for r in reports)
            long_ones = sum(r.long_sentences for r in reports)
            scored = [r.score for r in reports if r.score is not None]
            if not sentences:
                continue
            self.stdout.write(
                f"| {label} | {len(values)} | {words / sentences:.1f} | {long_ones} sur {sentences} "
                f"({100 * long_ones / sentences:.0f} %) | {sum(scored) / len(scored):.0f} |"
            )
        self.stdout.write(
            f"Une phrase est longue au-delà de {LONG_SENTENCE} mots (« Communiquer pour tous »)."
        )
