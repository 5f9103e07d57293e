"""The search form: the words, and the filters readers choose instead of (or with) typing."""

from typing import Any

from django import forms

MAX_QUERY_LENGTH = 200

TYPES = {
    "pratique": "Bonnes pratiques",
    "theme": "Thèmes",
    "actualite": "Actualités",
    "page": "Pages d'information",
    "equipe": "Équipes d'appui",
    "positivehub": "PositiveHub",
}
# Filters that only practices have: choosing one lists practices only.
PRACTICE_FILTERS = ("theme", "niveau", "public", "trouble", "region", "departement")
FILTERS = ("type", "parcours", *PRACTICE_FILTERS)


class SearchForm(forms.Form):
    """Every field is optional. An unknown filter value (an old link, a typo in the address) is ignored with a
    note rather than refused: the reader still gets results. A NUL character in the words is refused (400)."""

    q = forms.CharField(label="Votre recherche", required=False, strip=True)
    type = forms.CharField(label="Type", required=False)
    parcours = forms.CharField(label="Parcours", required=False)
    theme = forms.CharField(label="Thème", required=False)
    niveau = forms.CharField(label="Niveau de preuve", required=False)
    public = forms.CharField(label="Public", required=False)
    trouble = forms.CharField(label="Trouble ou situation", required=False)
    region = forms.CharField(label="Région de mise en œuvre", required=False)
    departement = forms.CharField(label="Département d'une équipe d'appui", required=False)

    def __init__(self, *args: Any, known: dict[str, set[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known = {"type": set(TYPES), **known}
        self.notes: list[str] = []
        for name in FILTERS:
            self.fields[
                name
            ].validators = []  # a NUL in a filter is an unknown value, ignored like the others
        self.fields["q"].error_messages["null_characters_not_allowed"] = (
            "Votre recherche contient un caractère invisible (NUL) qui ne peut pas être cherché : "
            "retapez vos mots et recommencez."
        )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) > MAX_QUERY_LENGTH:
            query = query[:MAX_QUERY_LENGTH]
            self.notes.append(
                "Votre recherche était très longue : "
                f"seuls les {MAX_QUERY_LENGTH} premiers caractères sont utilisés."
            )
        return query

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        ignored = False
        for name in FILTERS:
            value = (cleaned.get(name) or "").strip()
            if value and value not in self.known.get(name, set()):
                value, ignored = "", True
            cleaned[name] = value
        if ignored:
            self.notes.append("Un filtre inconnu a été ignoré.")
        return cleaned

    def displayed_query(self) -> str:
        """The words to show back in the box, even when the form was refused (without the NUL character)."""
        return " ".join(self.data.get("q", "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]

    @property
    def practice_filters_chosen(self) -> bool:
        return any(self.cleaned_data.get(name) for name in PRACTICE_FILTERS)
