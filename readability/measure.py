"""How easy a French text is to read, measured as « Communiquer pour tous » (Santé publique France) and the
European easy-to-read rules advise: short sentences (15 words at most), short and common words, acronyms spelled
out, difficult terms explained where they first appear; and the Kandel & Moles score (1958), Flesch's formula
adapted to French: 207 − 1.015 × words per sentence − 73.6 × syllables per word (higher is easier).

Syllables are counted by groups of vowels, a final mute « e » aside: an estimate, good enough to compare texts.
What a text uses of the glossary comes from the apps that keep one, through the `readability_terms` Wagtail hook
(a function of the text returning the terms it uses): this app imports none of them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from wagtail import hooks

LONG_SENTENCE = 15  # words: « des phrases courtes, 15 mots au maximum »
LONG_WORD_SYLLABLES = 4
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
ACRONYM = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{2,}s?\b")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
VOWELS = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+", re.I)
MUTE_ENDING = re.compile(r"[^aeiouyàâäéèêëîïôöùûüÿœæ](e|es)$", re.I)
TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|blockquote|dd|dt|td|th)>|<br\s*/?>", re.I)
SCALE = [
    (90, "très facile"),
    (80, "facile"),
    (70, "assez facile"),
    (60, "standard"),
    (50, "assez difficile"),
    (30, "difficile"),
]


def syllables(word: str) -> int:
    groups = len(VOWELS.findall(word))
    if groups > 1 and MUTE_ENDING.search(word):
        groups -= 1
    return max(groups, 1)


def plain_text(value: str) -> str:
    """The words of a text field or of rich text (HTML), one block per line."""
    value = value.replace("\x00", "")
    if "<" in value:
        value = html.unescape(TAG.sub("", BLOCK_END.sub("\n", value)))
    return value


@dataclass
class Readability:
    words: int = 0
    sentences: int = 0
    long_sentences: int = 0
    longest_sentence: int = 0
    score: float | None = None
    long_words: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_sentence_share(self) -> float:
        return self.long_sentences / self.sentences if self.sentences else 0.0

    @property
    def level(self) -> str:
        if self.score is None:
            return ""
        return next((label for floor, label in SCALE if self.score >= floor), "très difficile")

    @property
    def advice(self) -> list[str]:
        """What to change, in the words of the guides; empty when the text follows them."""
        out = []
        if self.sentences and self.words_per_sentence > LONG_SENTENCE:
            out.append(
                f"Vos phrases font en moyenne {self.words_per_sentence:.0f} mots : visez {LONG_SENTENCE} au plus."
            )
        if self.long_sentences:
            out.append(
                f"{self.long_sentences} phrase{'s' if self.long_sentences > 1 else ''} sur {self.sentences} "
                f"dépasse{'nt' if self.long_sentences > 1 else ''} {LONG_SENTENCE} mots "
                f"(la plus longue : {self.longest_sentence}) : coupez-les, une idée par phrase."
            )
        if self.long_words:
            out.append(
                f"Mots longs : {', '.join(self.long_words)}. Existe-t-il un mot plus court et plus courant ?"
            )
        if self.acronyms:
            out.append(
                f"Sigles : {', '.join(self.acronyms)}. Écrivez-les en toutes lettres la première fois."
            )
        if self.terms:
            out.append(
                f"Mots du glossaire : {', '.join(self.terms)}. Le lecteur peut ouvrir leur définition, mais "
                "expliquez-les aussi dans la phrase où ils apparaissent pour la première fois."
            )
        return out


def measure(value: str, max_listed: int = 8) -> Readability:
    text = plain_text(value or "")
    result = Readability()
    syllable_count = 0
    long_words: dict[str, None] = {}
    for sentence in SENTENCE_END.split(text):
        words = WORD.findall(sentence)
        if not words:
            continue
        result.sentences += 1
        result.words += len(words)
        result.longest_sentence = max(result.longest_sentence, len(words))
        if len(words) > LONG_SENTENCE:
            result.long_sentences += 1
        for word in words:
            count = syllables(word)
            syllable_count += count
            if count >= LONG_WORD_SYLLABLES and not word.isupper():
                long_words.setdefault(word.lower(), None)
    if result.words:
        result.score = round(
            207 - 1.015 * result.words_per_sentence - 73.6 * (syllable_count / result.words), 1
        )
    result.long_words = list(long_words)[:max_listed]
    result.acronyms = list(dict.fromkeys(ACRONYM.findall(text)))[:max_listed]
    terms: dict[str, None] = {}
    for terms_in in hooks.get_hooks("readability_terms"):
        for term in terms_in(text):
            terms.setdefault(term, None)
    result.terms = list(terms)[:max_listed]
    return result
