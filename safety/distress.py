"""Does a text express distress? Matched against the editors' list of `DistressExpression`.

Both the text and every expression are cut into words, lower-cased, their accents removed and each word reduced
to its French Snowball stem (snowballstemmer): « Idées noires », « idees noires » and « des idées très noires »
all become `ide noir`. An expression matches when its stems appear in the text in the same order, one after the
other (« envie de mourir » matches « j'ai envie de mourir »).

The compiled list lives in Django's cache (shared by every server with Redis) under a key that the expressions'
own save and delete signals drop (safety/signals.py): a call costs one cache read and no query, and a change made
in the admin is seen at once.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.core.cache import cache

CACHE_KEY = "safety:distress-expressions:v1"
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TEXT_LENGTH = 5_000  # longer texts are read on their first 5,000 characters


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case and without accents (« Œdème Éprouvé » → « oedeme eprouve »)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stems(text: str) -> list[str]:
    """The French stems of the words of `text`, folded."""
    words = WORD.findall(fold(text))
    return _stemmer().stemWords(words) if words else []


def _contains(haystack: list[str], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return any(tuple(haystack[i : i + size]) == needle for i in range(len(haystack) - size + 1))


def compiled_expressions() -> list[tuple[str, ...]]:
    compiled = cache.get(CACHE_KEY)
    if compiled is None:
        from safety.models import DistressExpression

        compiled = sorted(
            {tuple(s) for s in (stems(e) for e in DistressExpression.objects.values_list("expression", flat=True)) if s}
        )
        cache.set(CACHE_KEY, compiled, timeout=None)
    return [tuple(e) for e in compiled]


def forget_expressions() -> None:
    cache.delete(CACHE_KEY)


def expresses_distress(text: str) -> bool:
    """True when `text` contains one of the editors' distress expressions (stems, accents and case folded)."""
    if not text or not isinstance(text, str):
        return False
    text_stems = stems(text[:MAX_TEXT_LENGTH])
    if not text_stems:
        return False
    return any(_contains(text_stems, expression) for expression in compiled_expressions())
