"""The glossary: plain definitions of the words readers meet on the site (« Communiquer pour tous »)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

DEFINITION_MAX_WORDS = 40


class Term(index.Indexed, models.Model):
    term = models.CharField(
        "terme",
        max_length=80,
        unique=True,
        help_text="Le mot tel qu'il s'écrit le plus souvent, par exemple « pair-aidance ».",
    )
    slug = models.SlugField(
        "adresse",
        max_length=90,
        unique=True,
        blank=True,
        help_text="Laissez vide : elle est faite à partir du terme.",
    )
    variants = models.CharField(
        "autres formes",
        max_length=300,
        blank=True,
        help_text="Les autres façons de l'écrire, séparées par des virgules : pluriel, sigle, forme développée "
        "(par exemple « pair-aidant, pairs-aidants, pair aidance »). Les majuscules et les accents comptent peu.",
    )
    definition = models.TextField(
        "définition en mots simples",
        max_length=400,
        help_text=f"Une ou deux phrases courtes, sans autre mot difficile ({DEFINITION_MAX_WORDS} mots au plus).",
    )
    link = models.URLField(
        "pour en savoir plus (lien)",
        blank=True,
        help_text="Une page fiable qui explique davantage (facultatif).",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    panels = [
        FieldPanel("term"),
        FieldPanel("variants"),
        FieldPanel("definition"),
        FieldPanel("link"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("term", boost=3),
        index.SearchField("variants"),
        index.SearchField("definition"),
    ]

    class Meta:
        verbose_name = "terme du glossaire"
        verbose_name_plural = "termes du glossaire"
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def clean(self) -> None:
        self.term = " ".join(self.term.split())
        if not self.term:
            raise ValidationError({"term": "Écrivez le terme."})
        words = len(self.definition.split())
        if words > DEFINITION_MAX_WORDS:
            raise ValidationError(
                {
                    "definition": f"La définition a {words} mots : gardez-en {DEFINITION_MAX_WORDS} au plus, en mots simples."
                }
            )
        if not self.slug:
            self.slug = slugify(self.term)[:90] or "terme"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.term)[:90] or "terme"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def anchor(self) -> str:
        return f"t-{self.slug}"

    def forms(self) -> list[str]:
        """Every written form of the term, the term first, without duplicates."""
        seen: dict[str, None] = {}
        for form in [self.term, *self.variants.split(",")]:
            form = " ".join(form.split())
            if form and form.casefold() not in {f.casefold() for f in seen}:
                seen[form] = None
        return list(seen)
