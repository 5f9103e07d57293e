"""Forms of « Échanger ». Every field says why it is asked; a hidden field catches robots (no puzzle)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from community.models import CONSENT_TEXT, Member, Thread

PSEUDONYM_RE = re.compile(r"^[\w][\w .'’-]{1,38}[\w.]$", re.UNICODE)


class HoneypotMixin(forms.Form):
    """`site_web` is in a block hidden from everyone (the `hidden` attribute: not shown, not read by screen
    readers, not reachable with the keyboard); only robots fill it."""

    site_web = forms.CharField(required=False, label="Site web", max_length=200)

    def clean_site_web(self) -> str:
        if self.cleaned_data.get("site_web"):
            raise ValidationError("Votre message n'a pas pu être envoyé.", code="honeypot")
        return ""


class SubmissionKeyMixin(forms.Form):
    """A key drawn when the form is shown: the same form sent twice creates one post only."""

    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class SignUpForm(HoneypotMixin):
    pseudonym = forms.CharField(
        label="Pseudonyme",
        max_length=40,
        min_length=3,
        help_text="Le nom affiché à côté de vos messages. N'écrivez pas votre vrai nom si vous ne le souhaitez pas.",
    )
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Pour confirmer votre inscription et vous prévenir des réponses. Elle n'est jamais affichée.",
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères.",
    )
    password2 = forms.CharField(
        label="Le même mot de passe, une seconde fois",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        required=True,
        error_messages={"required": "Sans votre accord, vous pouvez lire les échanges mais pas y écrire."},
    )

    def clean_pseudonym(self) -> str:
        pseudonym = " ".join(self.cleaned_data["pseudonym"].split())
        if "@" in pseudonym or not PSEUDONYM_RE.match(pseudonym):
            raise ValidationError(
                "Choisissez un pseudonyme de 3 à 40 caractères : lettres, chiffres, espaces, tirets ou points.",
                code="invalid_pseudonym",
            )
        User = get_user_model()
        if (
            Member.objects.filter(pseudonym__iexact=pseudonym).exists()
            or User.objects.filter(username__iexact=pseudonym).exists()
        ):
            raise ValidationError("Ce pseudonyme est déjà pris. Choisissez-en un autre.", code="taken")
        return pseudonym

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(
                "Un compte existe déjà avec cette adresse. Connectez-vous, ou demandez un nouveau mot de passe.",
                code="taken",
            )
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Les deux mots de passe ne sont pas les mêmes.")
        elif p1:
            user = get_user_model()(username=cleaned.get("pseudonym", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ThreadForm(HoneypotMixin, SubmissionKeyMixin):
    kind = forms.ChoiceField(
        label="Ce que vous écrivez",
        choices=Thread.Kind.choices,
        widget=forms.RadioSelect,
        initial=Thread.Kind.QUESTION,
    )
    title = forms.CharField(label="Titre", max_length=200, help_text="En une phrase : de quoi parlez-vous ?")
    body = forms.CharField(
        label="Votre message",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "Texte simple, 10 000 caractères au plus. Ne donnez ni nom, ni adresse, ni numéro de téléphone : "
            "ils seraient masqués."
        ),
    )


class ReplyForm(HoneypotMixin, SubmissionKeyMixin):
    body = forms.CharField(
        label="Votre réponse",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Texte simple, 10 000 caractères au plus.",
    )
    as_team = forms.ChoiceField(label="Répondre", required=False)
    as_moderator = forms.BooleanField(label="Répondre au titre de la modération", required=False)

    def __init__(self, *args: Any, teams: list | None = None, moderator: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {str(team.pk): team for team in teams or []}
        if self.teams:
            self.fields["as_team"].choices = [("", "En mon nom (pseudonyme)")] + [
                (pk, f"Au nom de l'équipe « {team.name} »") for pk, team in self.teams.items()
            ]
        else:
            del self.fields["as_team"]
        if not moderator:
            del self.fields["as_moderator"]

    def clean_as_team(self) -> Any:
        value = self.cleaned_data.get("as_team")
        return self.teams.get(value) if value else None


class EditForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    body = forms.CharField(label="Message", max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, with_title: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="Pourquoi signalez-vous ce message ? (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    ACTIONS = [
        ("approve", "Publier"),
        ("reject", "Refuser"),
        ("hide", "Masquer"),
        ("ban", "Exclure le membre"),
        ("trust", "Faire confiance au membre"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    kind = forms.ChoiceField(choices=[("fil", "fil"), ("reponse", "réponse")])
    pk = forms.IntegerField(min_value=1)
    reason = forms.CharField(
        label="Motif (envoyé à l'auteur en cas de refus)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("action") in ("reject", "ban") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Écrivez le motif : il est envoyé à l'auteur et gardé dans le journal.")
        return cleaned


class PracticeCommunityForm(forms.ModelForm):
    class Meta:
        from community.models import PracticeCommunity

        model = PracticeCommunity
        fields = ["audience", "welcome"]
        widgets = {"audience": forms.RadioSelect, "welcome": forms.Textarea(attrs={"rows": 4})}
        labels = {"audience": "À qui cet espace s'adresse d'abord"}
