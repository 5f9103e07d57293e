"""French words as the search compares them: lower case, accents removed, reduced to their Snowball stem.

« Logements », « logement » and « LOGEMENT » give `log`; « Rétablissement » and « retablissement » give
`retabl`; « schizophrène », « schizophrene » and « schizophrénie » give `schizophren`. The same function reads
the indexed text and the reader's query on SQLite (search/backend.py), the distress expressions
(safety/distress.py) and the editors' synonyms (search/query.py), so that they all meet on the same forms.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Words that carry no meaning on their own in a French query (PostgreSQL's `french` configuration drops the
# same kind of words). « mon fils » still finds « famille » through the synonyms, read before these are
# dropped.
STOPWORDS = frozenset(
    """a au aux avec ce ces cet cette d dans de des du elle elles en et eux il ils j je l la le les leur leurs
    lui m ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses si son sur t ta
    te tes toi
    ton tu un une vos votre vous y est sont suis ai as avons avez ont etre avoir c ca""".split()
)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case and without accents (« Œdème Éprouvé » → « oedeme eprouve »)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of `text`, folded."""
    return WORD.findall(fold(text))


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    """The French stems of the words of `text`, folded."""
    found = words(text)
    return _stemmer().stemWords(found) if found else []


def meaningful(tokens: list[str]) -> list[str]:
    """`tokens` without the stop words, unless nothing else is left."""
    kept = [t for t in tokens if t not in STOPWORDS]
    return kept or tokens


def contains_sequence(haystack: list[str], needle: tuple[str, ...]) -> int:
    """Where `needle` starts in `haystack`, or -1."""
    size = len(needle)
    for i in range(len(haystack) - size + 1):
        if tuple(haystack[i : i + size]) == needle:
            return i
    return -1
