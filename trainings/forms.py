"""The registration form (readers) and the session form (support teams), with plain French messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from practices.forms import _https_by_default
from practices.models import Departement, PracticePage, SupportTeam
from trainings.models import Registration, TrainingSession, registration_retention_days

REQUIRED = "Ce champ est obligatoire."
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class RegistrationForm(forms.ModelForm):
    # Anti-spam field: the template puts it in a `hidden` block, so neither people nor assistive technologies meet it.
    website = forms.CharField(label="Site web", required=False, max_length=200)

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "role", "consent"]
        error_messages = {
            "name": {"required": "Indiquez votre nom et votre prénom."},
            "email": {
                "required": "Indiquez votre adresse électronique.",
                "invalid": "Cette adresse électronique n'est pas valide : vérifiez qu'elle ressemble à nom@exemple.fr.",
            },
            "organisation": {"required": "Indiquez votre structure (ou « particulier »)."},
            "role": {"required": "Indiquez votre fonction."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        consent = self.fields["consent"]
        consent.required = True
        consent.label = (
            "J'accepte que ces informations servent à organiser la session et à compter les participants. "
            f"Elles sont gardées {registration_retention_days() // 30} mois après la session, puis anonymisées."
        )
        consent.error_messages["required"] = (
            "Cochez la case pour accepter l'utilisation de vos données, sinon nous ne pouvons pas vous inscrire."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError("Votre inscription n'a pas pu être enregistrée.", code="honeypot")
        return cleaned


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Début (heure de Paris)",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Indiquez la date et l'heure de début.",
            "invalid": "Écrivez la date et l'heure ainsi : 25/03/2027 14:00.",
        },
    )
    ends_at = forms.DateTimeField(
        label="Fin (heure de Paris)",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Indiquez la date et l'heure de fin.",
            "invalid": "Écrivez la date et l'heure ainsi : 25/03/2027 17:00.",
        },
    )
    registration_deadline = forms.DateTimeField(
        label="Fin des inscriptions (facultatif)",
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Vide : jusqu'au début de la session.",
        error_messages={"invalid": "Écrivez la date et l'heure ainsi : 20/03/2027 12:00."},
    )

    class Meta:
        model = TrainingSession
        formfield_callback = _https_by_default
        fields = [
            "practice",
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "town",
            "departement",
            "online_url",
            "audience",
            "prerequisites",
            "capacity",
            "is_free",
            "cost",
            "registration_deadline",
            "replay_url",
            "is_published",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Donnez un titre à la session."},
            "kind": {"required": "Choisissez le type de session."},
            "audience": {"required": "Indiquez à qui s'adresse la session."},
            "practice": {
                "required": "Choisissez la bonne pratique.",
                "invalid_choice": "Choisissez une des bonnes pratiques de votre équipe.",
            },
            "online_url": {
                "invalid": "Cette adresse web n'est pas valide : elle doit commencer par https://"
            },
            "replay_url": {
                "invalid": "Cette adresse web n'est pas valide : elle doit commencer par https://"
            },
            "capacity": {
                "invalid": "Écrivez un nombre de places, par exemple 20.",
                "min_value": "Le nombre de places ne peut pas être négatif.",
            },
        }

    def __init__(self, *args: Any, team: SupportTeam, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.team = team
        self.fields["practice"].queryset = PracticePage.objects.filter(support_links__team=team).order_by(
            "title"
        )
        self.fields["practice"].empty_label = (
            None if self.fields["practice"].queryset.count() == 1 else "Choisissez la bonne pratique"
        )
        self.fields["kind"].choices = TrainingSession.Kind.choices  # no « --------- » pre-selected
        self.fields["departement"].queryset = Departement.objects.order_by("code")
        self.fields["departement"].empty_label = "Aucun (session en ligne)"
        self.fields["departement"].label = "Département (pour une session sur place)"
        self.fields["town"].label = "Ville (pour une session sur place)"
        self.fields["capacity"].widget.attrs["min"] = "1"
