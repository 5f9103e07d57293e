"""Public and team-space forms, with plain French messages."""

import html
import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags

from accounts.throttle import count
from practices.models import Departement, SupportTeam, SupportTeamContact, TrainingRequest
from practices.models.requests import MESSAGE_MAX_LENGTH, retention_days

PDF_MAX_BYTES = 10 * 1024 * 1024


class TrainingRequestForm(forms.ModelForm):
    departement_code = forms.CharField(
        label="Votre département (numéro)",
        max_length=3,
        help_text="Par exemple 13, 2A ou 974.",
    )
    # Honeypot: the template puts it in a `hidden` block (neither people nor assistive technologies meet it);
    # robots that fill every field fill it.
    website = forms.CharField(label="Site web", required=False)
    # One per rendered form (see TrainingRequest.submission_token): sent back as it was rendered.
    submission_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    class Meta:
        model = TrainingRequest
        fields = ["name", "email", "organisation", "role", "kind", "message", "consent"]
        labels = {"consent": ""}
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
            "kind": forms.RadioSelect,
        }
        error_messages = {
            "name": {"required": "Indiquez votre nom."},
            "email": {
                "required": "Indiquez votre adresse électronique.",
                "invalid": "Cette adresse électronique n'est pas valide : vérifiez qu'elle ressemble à nom@exemple.fr.",
            },
            "organisation": {"required": "Indiquez votre structure."},
            "role": {"required": "Indiquez votre fonction."},
            "kind": {"required": "Choisissez le type de demande."},
            "message": {
                "required": "Écrivez votre message.",
                "max_length": f"Votre message est trop long : {MESSAGE_MAX_LENGTH} caractères au plus.",
            },
        }

    def __init__(self, *args, team=None, client_address="", **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.client_address = client_address
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "Cochez la case pour accepter l'utilisation de vos données, sinon nous ne pouvons pas transmettre votre demande."
        )
        self.fields["consent"].label = (
            f"J'accepte que ces informations soient transmises à l'équipe d'appui pour répondre à ma demande. "
            f"Elles sont conservées {retention_days() // 365} ans au plus, puis anonymisées."
        )
        self.fields["message"].validators = [v for v in self.fields["message"].validators]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["submission_token"] = new_submission_token()
        self.fields[
            "kind"
        ].choices = TrainingRequest.Kind.choices  # an explicit choice: no « --------- » pre-selected

    def clean_message(self):
        message = self.cleaned_data["message"]
        if len(message) > MESSAGE_MAX_LENGTH:
            raise ValidationError(
                f"Votre message est trop long : {MESSAGE_MAX_LENGTH} caractères au plus (il en compte {len(message)})."
            )
        return message

    def clean_departement_code(self):
        code = self.cleaned_data["departement_code"].strip().upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        departement = Departement.objects.filter(code=code).first()
        if departement is None:
            raise ValidationError(
                "Ce département n'existe pas : écrivez son numéro, par exemple 13, 2A ou 974."
            )
        self.cleaned_data["departement"] = departement
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError("Votre demande n'a pas pu être envoyée.", code="honeypot")
        if self.errors:
            return cleaned  # only complete requests count towards the limit
        limit = getattr(settings, "TRAINING_REQUEST_RATE_LIMIT", 5)
        # Counted here, atomically (cache.add then cache.incr): twenty requests at once cannot all pass.
        counts = [count(key, 3600) for key in self.rate_keys(cleaned)]
        for total in counts:
            if total > limit:
                raise ValidationError(
                    "Vous avez envoyé beaucoup de demandes en peu de temps. Réessayez dans une heure, ou écrivez directement à l'équipe.",
                    code="rate_limited",
                )
        return cleaned

    def rate_keys(self, cleaned):
        keys = []
        if cleaned.get("email"):
            keys.append(f"training-request:email:{cleaned['email'].lower()}")
        if self.client_address:
            keys.append(f"training-request:ip:{self.client_address}")
        return keys

    def clean_submission_token(self):
        token = self.cleaned_data.get("submission_token", "")
        return token if is_submission_token(token) else new_submission_token()

    def save(self, practice=None):
        request = super().save(commit=False)
        request.submission_token = self.cleaned_data["submission_token"]
        request.team = self.team
        request.practice = practice
        request.departement = self.cleaned_data["departement"]
        request.save()
        return request


SUBMISSION_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_submission_token():
    return secrets.token_urlsafe(24)


def is_submission_token(value):
    return isinstance(value, str) and bool(SUBMISSION_TOKEN_RE.match(value))


def already_sent(data, team):
    """The request this very form already sent (same token, same team, same address), if any."""
    token = data.get("submission_token", "")
    if team is None or not is_submission_token(token):
        return None
    sent = TrainingRequest.objects.filter(submission_token=token, team=team).first()
    if sent is None or sent.email.lower() != (data.get("email") or "").strip().lower():
        return None
    return sent


class FollowUpLinkForm(forms.Form):
    reference = forms.CharField(
        label="La référence de votre demande",
        max_length=20,
        help_text="Par exemple D-2026-00042.",
        error_messages={"required": "Indiquez la référence de votre demande."},
    )
    email = forms.EmailField(
        label="L'adresse électronique donnée dans la demande",
        max_length=254,
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Cette adresse électronique n'est pas valide : vérifiez qu'elle ressemble à nom@exemple.fr.",
        },
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


def validate_pdf_upload(upload):
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError("Le fichier est trop lourd : 10 Mo au plus.")
    head = upload.read(1024)
    upload.seek(0)
    if not head.lstrip().startswith(b"%PDF-"):
        raise ValidationError(
            "Ce fichier n'est pas un PDF. Enregistrez votre document au format PDF puis réessayez."
        )
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise ValidationError("Ce PDF semble abîmé ou incomplet. Enregistrez-le de nouveau puis réessayez.")
    return upload


def _https_by_default(db_field, **kwargs):
    """A web address typed without its scheme is read as https:// (what Django 6 does for every URL field)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class SupportTeamSheetForm(forms.ModelForm):
    technical_sheet_text = forms.CharField(
        label="Ce que l'équipe propose (fiche technique)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Formats de formation, durées, visites, suivi. Séparez les paragraphes par une ligne vide.",
    )
    technical_sheet_pdf = forms.FileField(
        label="Fiche technique en PDF (facultatif)",
        required=False,
        help_text="Un fichier PDF de 10 Mo au plus.",
    )
    departement_code = forms.CharField(label="Département (numéro)", max_length=3)

    class Meta:
        model = SupportTeam
        formfield_callback = _https_by_default
        fields = [
            "address",
            "postcode",
            "city",
            "phone",
            "email",
            "website",
            "offers_training",
            "offers_visits",
            "offers_implementation",
        ]
        error_messages = {
            "email": {"invalid": "Cette adresse électronique n'est pas valide."},
            "website": {"invalid": "Cette adresse web n'est pas valide : elle doit commencer par https://"},
            "city": {"required": "Indiquez la ville."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["departement_code"] = (
                self.instance.departement.code if self.instance.departement_id else ""
            )
            # The sheet is stored as HTML (escaped text in paragraphs): the text area shows the text itself, so
            # that « L'équipe » comes back as typed after any number of saves.
            paragraphs = [html.unescape(strip_tags(p)) for p in self.instance.technical_sheet.split("</p>")]
            paragraphs = [p for p in paragraphs if p.strip()]
            self.initial["technical_sheet_text"] = "\n\n".join(p.strip() for p in paragraphs)

    def clean_departement_code(self):
        code = self.cleaned_data["departement_code"].strip().upper()
        departement = Departement.objects.filter(code=code).first()
        if departement is None:
            raise ValidationError(
                "Ce département n'existe pas : écrivez son numéro, par exemple 13, 2A ou 974."
            )
        self.cleaned_data["departement"] = departement
        return code

    def clean_technical_sheet_pdf(self):
        upload = self.cleaned_data.get("technical_sheet_pdf")
        return validate_pdf_upload(upload) if upload else upload


ContactFormSet = forms.inlineformset_factory(
    SupportTeam,
    SupportTeamContact,
    fields=["name", "role", "email", "phone"],
    extra=1,
    can_delete=True,
    labels={"name": "Nom", "role": "Rôle", "email": "Adresse électronique", "phone": "Téléphone"},
    error_messages={"email": {"invalid": "Cette adresse électronique n'est pas valide."}},
)
