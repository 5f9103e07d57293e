"""The secretariat's call form: the call, its grid (criteria, weights, anchors, thresholds), its support paths and
its committee, as one Django form and three inline formsets. Dates are typed in the call's reference time zone
(the view activates it while the form is bound and rendered)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from .forms import AccessibleForm
from .models import (
    DEFAULT_ANCHORS,
    CalibrationExample,
    Call,
    CallMembership,
    Criterion,
    Expert,
    Priority,
    SupportPath,
)
from .services.calls import RESERVED_SLUGS, dates_editable

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
THRESHOLD_CHOICES = [("", "Aucun seuil")] + [
    (str(h), f"au moins {h / 2:g} sur 5".replace(".", ",")) for h in range(1, 11)
]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError("Ce texte contient un caractère invalide (octet nul).", code="nul")
    return value


class CallForm(AccessibleForm, forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "year",
            "slug",
            "title",
            "intro",
            "theme",
            "theme_decision_note",
            "white_paper_url",
            "congress",
            "eligibility_text",
            "reference_time_zone",
            "opens_at",
            "closes_at",
            "review_opens_at",
            "review_deadline",
            "consensus_deadline",
            "min_reviews_per_application",
            "n_selected",
            "n_laureates",
            "overall_threshold",
            "min_hr_fte",
        ]
        widgets = {
            name: DATETIME_WIDGET
            for name in ("opens_at", "closes_at", "review_opens_at", "review_deadline", "consensus_deadline")
        }
        labels = {"theme": "Thème de l'année (parmi les priorités du comité scientifique)"}
        help_texts = {
            "opens_at": "Date et heure dans le fuseau de référence de l'appel.",
            "white_paper_url": "Adresse complète, par exemple https://…",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = cast(forms.ModelChoiceField, self.fields["theme"])
        theme.queryset = Priority.objects.filter(is_active=True).order_by("order", "code")
        theme.required = True
        theme.empty_label = "— choisir une priorité —"
        call = self.instance
        if call.pk and call.is_grid_frozen:
            for name in Call.RULE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Figé depuis l'annonce de l'appel (règle de sélection publiée)."
        if call.pk and not dates_editable(call):
            for name in ("opens_at", "closes_at", "review_opens_at", "review_deadline", "consensus_deadline"):
                self.fields[name].disabled = True
                self.fields[name].help_text = (
                    "Les candidatures sont closes : les dates promises ne changent plus "
                    "(la présidence peut prolonger le consensus)."
                )
            self.fields["reference_time_zone"].disabled = True
        for name in ("year", "slug"):
            if call.pk and call.status != "draft":
                self.fields[name].disabled = True
                self.fields[name].help_text = "L'appel est annoncé : son adresse publique ne change plus."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    _no_nul(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        year = data.get("year")
        if year is not None and not 2020 <= year <= 2100:
            self.add_error("year", "L'année est comprise entre 2020 et 2100.")
        slug = data.get("slug")
        if slug in RESERVED_SLUGS:
            self.add_error("slug", "Cette adresse est réservée par le site : choisissez-en une autre.")
        order = [
            ("closes_at", "opens_at", "La clôture doit suivre l'ouverture des candidatures."),
            ("review_opens_at", "closes_at", "L'évaluation commence après la clôture des candidatures."),
            ("review_deadline", "review_opens_at", "La fin de l'évaluation doit suivre son début."),
            (
                "consensus_deadline",
                "review_deadline",
                "La fin du consensus doit suivre la fin de l'évaluation.",
            ),
        ]
        for later, earlier, message in order:
            a, b = data.get(later), data.get(earlier)
            if a and b and (a < b if later == "review_opens_at" else a <= b):
                self.add_error(later, message)
        selected, laureates = data.get("n_selected"), data.get("n_laureates")
        if selected is not None and selected < 1:
            self.add_error("n_selected", "Au moins une pépite est sélectionnée.")
        if selected is not None and laureates is not None and laureates > selected:
            self.add_error("n_laureates", "Les lauréats sont choisis parmi les pépites sélectionnées.")
        threshold = data.get("overall_threshold")
        if threshold is not None and not 0 <= threshold <= 100:
            self.add_error("overall_threshold", "Le seuil global est compris entre 0 et 100.")
        hr = data.get("min_hr_fte")
        if hr is not None and hr < 0:
            self.add_error("min_hr_fte", "Une quantité de ressources humaines ne peut pas être négative.")
        reviews = data.get("min_reviews_per_application")
        if reviews is not None and not 1 <= reviews <= 10:
            self.add_error("min_reviews_per_application", "Entre 1 et 10 évaluations par dossier.")
        return data


class CriterionForm(AccessibleForm, forms.ModelForm):
    threshold = forms.ChoiceField(label="Seuil éliminatoire", choices=THRESHOLD_CHOICES, required=False)

    class Meta:
        model = Criterion
        fields = ["code", "label", "guidance", "weight", "tie_break_rank", "order"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "tie_break_rank": "1 = premier critère pour départager deux dossiers à égalité ; vide : aucun."
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anchors = self.instance.anchors or DEFAULT_ANCHORS
        for value in range(6):
            self.fields[f"anchor_{value}"] = forms.CharField(
                label=f"Descripteur de la note {value}",
                max_length=300,
                initial=anchors.get(str(value), DEFAULT_ANCHORS[str(value)]),
            )
        if self.instance.pk and self.instance.threshold_half is not None:
            self.fields["threshold"].initial = str(self.instance.threshold_half)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in data.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "Ce texte contient un caractère invalide (octet nul).")
        weight = data.get("weight")
        if weight is not None and not 1 <= weight <= 100:
            self.add_error("weight", "Le poids est un pourcentage entre 1 et 100.")
        return data

    def save(self, commit: bool = True) -> Criterion:
        criterion = super().save(commit=False)
        threshold = self.cleaned_data.get("threshold")
        criterion.threshold_half = int(threshold) if threshold else None
        criterion.anchors = {str(v): self.cleaned_data[f"anchor_{v}"] for v in range(6)}
        if commit:
            criterion.save()
        return criterion

    def anchor_fields(self) -> list[Any]:
        return [self[f"anchor_{v}"] for v in range(6)]


class CriterionFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Our French messages first (they also cover the duplicates Django's own check reports)."""
        if not any(form.errors for form in self.forms):
            self.check_rows()
        super().clean()

    def check_rows(self) -> None:
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError("La grille contient au moins un critère.")
        total = sum(f.cleaned_data.get("weight") or 0 for f in kept)
        if total != 100:
            raise forms.ValidationError(
                f"La somme des poids doit être égale à 100 % (elle est de {total} %)."
            )
        codes = [f.cleaned_data.get("code") for f in kept]
        if len(set(codes)) != len(codes):
            raise forms.ValidationError("Deux critères ont le même code.")
        ranks = [f.cleaned_data.get("tie_break_rank") for f in kept if f.cleaned_data.get("tie_break_rank")]
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError("Deux critères ont le même rang pour départager.")


class SupportPathForm(AccessibleForm, forms.ModelForm):
    class Meta:
        model = SupportPath
        fields = ["code", "title", "description", "maturity", "capacity", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"code": "Court, sans espace ni accent, par exemple « emergence »."}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in data.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "Ce texte contient un caractère invalide (octet nul).")
        return data


class SupportPathFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Our French messages first (they also cover the duplicates Django's own check reports)."""
        if not any(form.errors for form in self.forms):
            self.check_rows()
        super().clean()

    def check_rows(self) -> None:
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        codes = [f.cleaned_data.get("code") for f in kept]
        if len(set(codes)) != len(codes):
            raise forms.ValidationError("Deux parcours renforcés ont le même code.")


class MembershipForm(AccessibleForm, forms.ModelForm):
    class Meta:
        model = CallMembership
        fields = ["expert", "role", "is_active"]
        labels = {"expert": "Membre du comité", "is_active": "Participe à cet appel"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["expert"])
        field.queryset = Expert.objects.select_related("user").order_by("user__last_name", "user__first_name")
        field.label_from_instance = expert_label  # type: ignore[method-assign,assignment]


def expert_label(expert: Expert) -> str:
    name = expert.user.get_full_name() or expert.user.get_username()
    return f"{name} — {expert.affiliation}" if expert.affiliation else name


class MembershipFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Our French messages first (they also cover the duplicates Django's own check reports)."""
        if not any(form.errors for form in self.forms):
            self.check_rows()
        super().clean()

    def check_rows(self) -> None:
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        experts = [f.cleaned_data["expert"].pk for f in kept if f.cleaned_data.get("expert")]
        if len(set(experts)) != len(experts):
            raise forms.ValidationError("Un membre figure deux fois dans le comité.")
        for role, label in (
            (CallMembership.Role.CHAIR, "président"),
            (CallMembership.Role.VICE_CHAIR, "vice-président"),
        ):
            if (
                sum(1 for f in kept if f.cleaned_data.get("role") == role and f.cleaned_data.get("is_active"))
                > 1
            ):
                raise forms.ValidationError(f"Le comité a un seul {label} actif.")


CriterionInlineFormSet = inlineformset_factory(
    Call, Criterion, form=CriterionForm, formset=CriterionFormSet, extra=1, can_delete=True, max_num=20
)
SupportPathInlineFormSet = inlineformset_factory(
    Call, SupportPath, form=SupportPathForm, formset=SupportPathFormSet, extra=1, can_delete=True, max_num=10
)
MembershipInlineFormSet = inlineformset_factory(
    Call,
    CallMembership,
    form=MembershipForm,
    formset=MembershipFormSet,
    extra=3,
    can_delete=True,
    max_num=100,
)


class CalibrationExampleForm(AccessibleForm, forms.ModelForm):
    class Meta:
        model = CalibrationExample
        fields = ["title", "text", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in data.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "Ce texte contient un caractère invalide (octet nul).")
        return data


CalibrationInlineFormSet = inlineformset_factory(
    Call, CalibrationExample, form=CalibrationExampleForm, extra=1, can_delete=True, max_num=10
)
