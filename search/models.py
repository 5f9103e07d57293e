"""What the search knows beside Wagtail's index: the editors' synonyms and the vocabulary of the indexed
text."""

from django.db import models


class Synonym(models.Model):
    """A word or phrase readers type, and the words the site uses for it: « emploi » → « travail, IPS »."""

    term = models.CharField(
        "ce que les lecteurs tapent",
        max_length=120,
        unique=True,
        help_text="Un mot ou une courte expression, par exemple « emploi » ou « mon fils ».",
    )
    alternatives = models.TextField(
        "cherché aussi comme",
        help_text="Les mots du site à chercher en plus, séparés par des virgules, "
        "par exemple « travail, IPS ».",
    )

    class Meta:
        verbose_name = "synonyme"
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.alternatives}"

    def alternative_list(self) -> list[str]:
        return [a.strip() for a in self.alternatives.replace(";", ",").split(",") if a.strip()]


class Word(models.Model):
    """One word of the indexed text, recorded when a page or sheet is indexed (search/backend.py): the
    vocabulary from which « Vouliez-vous dire… ? » is drawn."""

    folded = models.CharField("forme sans accent", max_length=60, unique=True)
    word = models.CharField("mot", max_length=60)
    stem = models.CharField("racine", max_length=60, db_index=True)
    length = models.PositiveSmallIntegerField("longueur")

    class Meta:
        verbose_name = "mot indexé"
        verbose_name_plural = "mots indexés"
        indexes = [models.Index(fields=["length", "folded"], name="search_word_length_folded")]

    def __str__(self) -> str:
        return self.word
