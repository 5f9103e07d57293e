"""From what a reader typed to the query Wagtail runs: words kept as typed, editors' synonyms added.

« emploi accompagné » becomes `(emploi OR travail OR IPS) AND accompagné` when editors said « emploi →
travail, IPS ». Synonyms are compared on stems (« emplois » is « emploi »), may be several words (« mon fils
»), and are read from a cached copy dropped whenever a synonym changes (search/signals.py). Stems are made by
the backend: on PostgreSQL by the `french_unaccent` configuration, on SQLite by search/backend.py.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from modelsearch.query import And, Or, PlainText, SearchQuery

from search import text

SYNONYMS_KEY = "search:synonyms:v1"
MAX_WORDS = 12


@dataclass
class ReaderQuery:
    words: list[str]  # as typed, in order (at most MAX_WORDS)
    expansions: list[tuple[str, list[str]]] = field(default_factory=list)  # (what matched, what was added)
    query: SearchQuery | None = None
    any_word: bool = False

    @property
    def stems(self) -> list[str]:
        return [text.stem(w) for w in text.meaningful(text.words(" ".join(self.words)))]


def compiled_synonyms() -> list[tuple[tuple[str, ...], str, list[str]]]:
    compiled = cache.get(SYNONYMS_KEY)
    if compiled is None:
        from search.models import Synonym

        compiled = []
        for synonym in Synonym.objects.order_by("term"):
            key = tuple(text.stems(synonym.term))
            if key:
                compiled.append((key, synonym.term, synonym.alternative_list()))
        # Longest first: « mon fils » is read before « fils ».
        compiled.sort(key=lambda item: -len(item[0]))
        cache.set(SYNONYMS_KEY, compiled, timeout=None)
    return compiled


def forget_synonyms() -> None:
    cache.delete(SYNONYMS_KEY)


def build(raw: str, operator: str = "and") -> ReaderQuery:
    """The Wagtail query for `raw` (already cleaned by the form), or a ReaderQuery without query if it has no
    word. `operator="or"`: any of the words (and of the synonyms' groups) is enough."""
    typed = text.WORD.findall(raw)[:MAX_WORDS]
    reader = ReaderQuery(words=typed)
    if not typed:
        return reader
    token_stems = [text.stem(text.fold(w)) for w in typed]
    used = [False] * len(typed)
    groups: list[SearchQuery] = []
    for key, term, alternatives in compiled_synonyms():
        start = text.contains_sequence(token_stems, key)
        while start >= 0 and any(used[start : start + len(key)]):
            following = text.contains_sequence(token_stems[start + 1 :], key)
            start = start + 1 + following if following >= 0 else -1
        if start < 0:
            continue
        for i in range(start, start + len(key)):
            used[i] = True
        matched = " ".join(typed[start : start + len(key)])
        options = [matched, term, *alternatives]
        unique: list[str] = []
        for option in options:
            if text.fold(option) not in {text.fold(u) for u in unique}:
                unique.append(option)
        groups.append(Or([PlainText(o, operator="and") for o in unique]))
        reader.expansions.append((matched, [o for o in unique if text.fold(o) != text.fold(matched)]))
    rest = [w for w, u in zip(typed, used, strict=True) if not u]
    if groups:
        rest = [w for w in rest if text.fold(w) not in text.STOPWORDS]
    else:
        kept = set(text.meaningful([text.fold(w) for w in rest]))
        rest = [w for w in rest if text.fold(w) in kept]
    if rest:
        groups.insert(0, PlainText(" ".join(rest), operator=operator))
    reader.any_word = operator == "or"
    reader.query = groups[0] if len(groups) == 1 else (Or(groups) if operator == "or" else And(groups))
    return reader
