"""Team-space project form, public application form, and the CRES review form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from implementation.models import ImplementationProject, Stage, SupportTeamApplication, TeamSite
from practices.forms import validate_pdf_upload
from practices.models import Departement, PracticePage, SupportTeam, TrainingRequest

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Écrivez la date ainsi : 15/09/2026."},
    )


class ProjectForm(forms.ModelForm):
    exploration_on = _date_field("Exploration : depuis le")
    installation_on = _date_field("Installation : depuis le")
    first_implementation_on = _date_field("Première mise en œuvre : depuis le")
    sustainability_on = _date_field("Pérennisation : depuis le")

    class Meta:
        model = ImplementationProject
        fields = [
            "practice",
            "departement",
            "ptsm",
            "host_organisation",
            "stage",
            "exploration_on",
            "installation_on",
            "first_implementation_on",
            "sustainability_on",
            "private_notes",
            "is_public",
        ]
        widgets = {"stage": forms.RadioSelect, "private_notes": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "is_public": "La structure d'accueil accepte que le projet soit montré sur la carte publique"
        }
        error_messages = {
            "practice": {
                "required": "Choisissez la bonne pratique.",
                "invalid_choice": "Choisissez une des bonnes pratiques de votre équipe.",
            },
            "departement": {
                "required": "Choisissez le département.",
                "invalid_choice": "Choisissez un département de la liste.",
            },
            "host_organisation": {"required": "Indiquez la structure d'accueil."},
            "stage": {
                "required": "Choisissez l'étape.",
                "invalid_choice": "Choisissez une des quatre étapes.",
            },
        }

    def __init__(
        self, *args: Any, team: SupportTeam, origin: TrainingRequest | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.team = team
        if origin is not None:
            self.instance.request = origin
        self.fields["practice"].queryset = PracticePage.objects.filter(support_links__team=team).order_by(
            "title"
        )
        self.fields["practice"].empty_label = "Choisissez la bonne pratique"
        self.fields["departement"].queryset = Departement.objects.order_by("code")
        self.fields["departement"].empty_label = "Choisissez le département"
        self.fields["stage"].choices = Stage.choices
        self.fields["private_notes"].label = "Notes privées (vues seulement par votre équipe et le CRES)"


class TeamSiteForm(forms.ModelForm):
    class Meta:
        model = TeamSite
        fields = ["practice", "name", "departement"]
        error_messages = {
            "practice": {
                "required": "Choisissez la bonne pratique.",
                "invalid_choice": "Choisissez une des bonnes pratiques de votre équipe.",
            },
            "departement": {
                "required": "Choisissez le département.",
                "invalid_choice": "Choisissez un département de la liste.",
            },
            "name": {"required": "Indiquez le nom du lieu."},
        }

    def __init__(self, *args: Any, team: SupportTeam, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.team = team
        self.fields["practice"].queryset = PracticePage.objects.filter(support_links__team=team).order_by(
            "title"
        )
        self.fields["practice"].empty_label = "Choisissez la bonne pratique"
        self.fields["departement"].queryset = Departement.objects.order_by("code")
        self.fields["departement"].empty_label = "Choisissez le département"

    def validate_unique(self) -> None:
        exclude = self._get_validation_exclusions()
        exclude.discard("team")
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError:
            self.add_error(None, "Ce lieu est déjà déclaré.")


class ApplicationForm(forms.ModelForm):
    departement = forms.ModelChoiceField(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        empty_label="Choisissez le département",
        error_messages={
            "required": "Choisissez le département.",
            "invalid_choice": "Choisissez un département de la liste.",
        },
    )
    fidelity_file = forms.FileField(
        label="Fidélité : pièce jointe en PDF (facultatif)",
        required=False,
        help_text="Par exemple le rapport d'une évaluation de fidélité. 10 Mo au plus.",
    )
    training_file = forms.FileField(
        label="Formation : pièce jointe en PDF (facultatif)",
        required=False,
        help_text="Par exemple un programme de formation. 10 Mo au plus.",
    )
    website = forms.CharField(
        label="Site web", required=False, max_length=200
    )  # anti-spam, in a `hidden` block

    class Meta:
        model = SupportTeamApplication
        fields = [
            "practice",
            "team_name",
            "host_organisation",
            "city",
            "departement",
            "contact_name",
            "contact_email",
            "start_year",
            "works_in_france_evidence",
            "fidelity_evidence",
            "fidelity_file",
            "training_evidence",
            "training_file",
            "engineering",
            "engineering_evidence",
            "consent",
        ]
        widgets = {
            "engineering": forms.RadioSelect,
            "works_in_france_evidence": forms.Textarea(attrs={"rows": 3}),
            "fidelity_evidence": forms.Textarea(attrs={"rows": 4}),
            "training_evidence": forms.Textarea(attrs={"rows": 4}),
            "engineering_evidence": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "works_in_france_evidence": "1. Vous œuvrez en France : où et auprès de qui ?",
            "start_year": "2. Depuis quelle année pratiquez-vous cette bonne pratique ?",
            "fidelity_evidence": "3. Votre fidélité au modèle : comment la mesurez-vous ?",
            "training_evidence": "4. Votre expérience de formation : qui avez-vous formé, combien de fois ?",
            "engineering": "5. Avez-vous des compétences en ingénierie de projet ?",
            "engineering_evidence": "5. Ingénierie de projet : précisez",
        }
        error_messages = {
            "practice": {
                "required": "Choisissez la bonne pratique.",
                "invalid_choice": "Choisissez une bonne pratique de la liste.",
            },
            "team_name": {"required": "Indiquez le nom de l'équipe."},
            "host_organisation": {"required": "Indiquez la structure porteuse."},
            "city": {"required": "Indiquez la ville."},
            "contact_name": {"required": "Indiquez la personne à contacter."},
            "contact_email": {
                "required": "Indiquez une adresse électronique.",
                "invalid": "Cette adresse électronique n'est pas valide : vérifiez qu'elle ressemble à nom@exemple.fr.",
            },
            "start_year": {
                "required": "Indiquez l'année où l'équipe a commencé à pratiquer.",
                "invalid": "Écrivez l'année sur 4 chiffres, par exemple 2012.",
            },
            "works_in_france_evidence": {"required": "Décrivez où vous œuvrez en France."},
            "fidelity_evidence": {"required": "Décrivez comment vous montrez votre fidélité au modèle."},
            "training_evidence": {"required": "Décrivez votre expérience de formation."},
            "engineering": {
                "required": "Choisissez une réponse.",
                "invalid_choice": "Choisissez une des deux réponses.",
            },
            "engineering_evidence": {"required": "Précisez vos compétences en ingénierie de projet."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = PracticePage.objects.live().public().order_by("title")
        self.fields["practice"].empty_label = "Choisissez la bonne pratique"
        self.fields["engineering"].choices = SupportTeamApplication.Engineering.choices
        latest = SupportTeamApplication.latest_start_year()
        self.fields[
            "start_year"
        ].help_text = f"Une équipe d'appui pratique depuis au moins 5 ans : {latest} ou avant."
        self.fields["start_year"].widget.attrs.update(
            {"min": "1950", "max": str(latest), "inputmode": "numeric"}
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        consent = self.fields["consent"]
        consent.required = True
        consent.label = (
            "J'accepte que ces informations et pièces soient lues par l'équipe du CRES pour examiner la "
            "candidature. Elles sont gardées le temps de l'examen, puis 2 ans si la candidature est refusée."
        )
        consent.error_messages["required"] = (
            "Cochez la case pour que nous puissions examiner votre candidature."
        )

    def clean_fidelity_file(self) -> Any:
        upload = self.cleaned_data.get("fidelity_file")
        return validate_pdf_upload(upload) if upload else upload

    def clean_training_file(self) -> Any:
        upload = self.cleaned_data.get("training_file")
        return validate_pdf_upload(upload) if upload else upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError("Votre candidature n'a pas pu être envoyée.", code="honeypot")
        return cleaned


class ReviewForm(forms.Form):
    DECISIONS = [
        ("accept", "Accepter : créer l'équipe d'appui et son compte"),
        ("more", "Demander des compléments"),
        ("decline", "Refuser"),
    ]
    decision = forms.ChoiceField(
        label="Décision",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une décision."},
    )
    reason = forms.CharField(
        label="Message à l'équipe",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour demander des compléments ou refuser : dites pourquoi.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") in ("more", "decline") and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason", "Écrivez à l'équipe ce qui manque, ou pourquoi la candidature est refusée."
            )
        return cleaned
