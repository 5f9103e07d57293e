"""The vocabulary of the indexed text (`search.Word`), and « Vouliez-vous dire… ? » drawn from it.

Words are recorded when an object is indexed (search/backend.py), never removed by an edit: a suggestion is
only shown once it was searched and found something (search/views.py). `manage.py rebuild_search_vocabulary`
(or `update_index`, which indexes everything again) refills it.
"""

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from search import text

MIN_LENGTH = 3
MAX_LENGTH = 60
BATCH = 500


def record(texts: Iterable[str]) -> None:
    """Add the words of `texts` that the vocabulary does not have yet."""
    from search.models import Word

    found: dict[str, str] = {}
    for chunk in texts:
        for raw in text.WORD.findall(chunk.lower()):
            if MIN_LENGTH <= len(raw) <= MAX_LENGTH and not raw.isdigit():
                folded = text.fold(raw)
                if folded not in text.STOPWORDS:
                    found.setdefault(folded, raw)
    if not found:
        return
    folded_words = sorted(found)
    for start in range(0, len(folded_words), BATCH):
        batch = folded_words[start : start + BATCH]
        known = set(Word.objects.filter(folded__in=batch).values_list("folded", flat=True))
        Word.objects.bulk_create(
            [
                Word(folded=f, word=found[f], stem=text.stem(f), length=len(f))
                for f in batch
                if f not in known
            ],
            ignore_conflicts=True,
        )


def known_stems(stems: Iterable[str]) -> set[str]:
    from search.models import Word

    wanted = sorted(set(stems))
    if not wanted:
        return set()
    return set(Word.objects.filter(stem__in=wanted).values_list("stem", flat=True).distinct())


def closest_word(folded: str) -> str | None:
    """The indexed word nearest to `folded` (one query), or None when none is near enough."""
    from search.models import Word

    if len(folded) < 4:
        return None
    spread = 1 if len(folded) < 7 else 2
    candidates = dict(
        Word.objects.filter(length__gte=len(folded) - spread, length__lte=len(folded) + spread).values_list(
            "folded", "word"
        )
    )
    if not candidates:
        return None
    best = process.extractOne(folded, list(candidates), scorer=fuzz.ratio, score_cutoff=75)
    return candidates[best[0]] if best else None
