"""Hub forms. Every field is rendered with templates/hub/includes/field.html: label tied to the input, help and
errors linked through aria-describedby, radio groups in fieldsets with a legend."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.forms import inlineformset_factory

from .models import (
    COUNTRIES,
    ELIGIBLE_LEGAL_FORMS,
    TIME_ZONES,
    Application,
    ConflictDeclaration,
    EligibilityCheck,
    LegalForm,
    Maturity,
    Organisation,
    Override,
    Review,
    StaffingLine,
)
from .services.applications import eligible_legal_forms_text

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
SCORE_CHOICES = [("", "— choisir —")] + [(f"{h / 2:g}", f"{h / 2:g}".replace(".", ",")) for h in range(11)]


class AccessibleForm:
    """Links help texts and errors to their inputs (aria-describedby, aria-invalid)."""

    def describe_fields(self):
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_aide")
            if self.is_bound and self.errors.get(name):
                ids.append(f"{bound.auto_id}_erreurs")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self.describe_fields()


def legal_form_error():
    return forms.ValidationError(
        "Cette forme juridique n'est pas éligible au PositiveHub. Peuvent candidater : "
        f"{eligible_legal_forms_text()}.",
        code="ineligible",
    )


class SignupForm(AccessibleForm, forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Pour vous connecter et recevoir l'accusé de réception de votre dépôt.",
    )
    password1 = forms.CharField(
        label="Mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    time_zone = forms.ChoiceField(
        label="Votre fuseau horaire",
        choices=TIME_ZONES,
        initial="Europe/Paris",
        help_text="Pour afficher chaque échéance à votre heure locale.",
    )
    organisation_name = forms.CharField(label="Nom de votre organisation", max_length=200)
    legal_form = forms.ChoiceField(label="Forme juridique de l'organisation", choices=LegalForm.choices)
    country = forms.ChoiceField(label="Pays", choices=COUNTRIES)

    def clean_email(self):
        # Whether the address already has an account is never said here (the sign-up view writes to it).
        return self.cleaned_data["email"].strip().lower()

    def clean_legal_form(self):
        value = self.cleaned_data["legal_form"]
        if value not in ELIGIBLE_LEGAL_FORMS:
            raise legal_form_error()
        return value

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Les deux mots de passe ne correspondent pas.")
        elif p1:
            user = get_user_model()(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class OrganisationForm(AccessibleForm, forms.ModelForm):
    website = forms.URLField(label="Site web", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "legal_form", "country", "city", "registration_number", "website"]

    def clean_legal_form(self):
        value = self.cleaned_data["legal_form"]
        if value not in ELIGIBLE_LEGAL_FORMS:
            raise legal_form_error()
        return value


class DraftModelForm(AccessibleForm, forms.ModelForm):
    """Application steps: nothing is required to save a draft; the submission lists what is missing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class PracticeForm(DraftModelForm):
    maturity = forms.ChoiceField(
        label="Stade de maturité",
        choices=Maturity.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Il oriente le parcours renforcé proposé aux trois lauréats.",
    )

    class Meta:
        model = Application
        fields = [
            "title",
            "summary_public",
            "practice",
            "population",
            "project_start",
            "duration_months",
            "maturity",
        ]
        widgets = {
            "project_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary_public": forms.Textarea(attrs={"rows": 4}),
        }

    EARLIEST_START_YEAR = 1950  # a practice may well have started long before the call

    def clean_project_start(self):
        value = self.cleaned_data.get("project_start")
        latest = (self.instance.call.year if self.instance.call_id else datetime.date.today().year) + 5
        if value is not None and not (self.EARLIEST_START_YEAR <= value.year <= latest):
            raise forms.ValidationError(
                f"Indiquez une date de début réaliste, entre {self.EARLIEST_START_YEAR} et {latest} "
                "(par exemple 01/09/2026)."
            )
        return value

    def clean_duration_months(self):
        value = self.cleaned_data.get("duration_months")
        if value is not None and value <= 0:
            raise forms.ValidationError("La durée doit être d'au moins un mois.")
        return value


class ImpactForm(DraftModelForm):
    class Meta:
        model = Application
        fields = ["evidence", "innovation", "transferability", "participation_ethics"]


class StaffingLineForm(AccessibleForm, forms.ModelForm):
    fte = forms.DecimalField(
        label="ETP (de 0,1 à 1)",
        max_digits=4,
        decimal_places=2,
        localize=True,
        help_text="1 = temps plein, 0,5 = mi-temps.",
    )
    months = forms.IntegerField(label="Nombre de mois")

    class Meta:
        model = StaffingLine
        fields = ["role_label", "fte", "months", "funding_source"]

    def clean_fte(self):
        value = self.cleaned_data["fte"]
        if value <= 0:
            raise forms.ValidationError("L'effort doit être supérieur à zéro.")
        if value > 1:
            raise forms.ValidationError(
                "Un poste ne peut pas dépasser 1 ETP ; ajoutez une ligne par personne."
            )
        return value

    def clean_months(self):
        value = self.cleaned_data["months"]
        if value is None or value <= 0:
            raise forms.ValidationError("Le nombre de mois doit être supérieur à zéro.")
        return value


MAX_STAFFING_LINES = 30
StaffingFormSet = inlineformset_factory(
    Application,
    StaffingLine,
    form=StaffingLineForm,
    extra=2,
    can_delete=True,
    max_num=MAX_STAFFING_LINES,
    validate_max=True,
)


class AttachmentForm(AccessibleForm, forms.Form):
    label = forms.CharField(label="Intitulé de la pièce", max_length=200)
    file = forms.FileField(label="Fichier PDF (10 Mo au plus)", help_text="Format PDF uniquement.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError("Le fichier dépasse 10 Mo.")
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(
                "Ce fichier n'est pas un PDF (son contenu ne correspond pas au format PDF)."
            )
        return upload


class ConsentForm(AccessibleForm, forms.Form):
    public_listing_consent = forms.TypedChoiceField(
        label="Si votre pépite est éligible mais n'est pas sélectionnée, acceptez-vous qu'elle soit référencée "
        "sur la plateforme ? La page publique de la pépite montre alors son titre, son résumé public, "
        "l'organisation, sa ville et son pays, les personnes concernées, ce qui la rend transférable et le site "
        "web de l'organisation (sans cet accord, une pépite sélectionnée ne montre que son titre, son résumé, "
        "l'organisation et le pays).",
        choices=[
            ("oui", "Oui, j'accepte le référencement"),
            ("non", "Non, je ne souhaite pas être référencé"),
        ],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
        required=False,
        help_text="Vous pouvez changer d'avis jusqu'au dépôt.",
    )


class EligibilityForm(AccessibleForm, forms.Form):
    legal_form_ok = forms.BooleanField(label="Forme juridique éligible", required=False)
    hr_sufficient = forms.BooleanField(
        label="Ressources humaines suffisantes sur toute la durée", required=False
    )
    theme_fit = forms.BooleanField(label="En lien avec le thème de l'année", required=False)
    complete = forms.BooleanField(label="Dossier complet", required=False)
    decision = forms.ChoiceField(
        label="Décision", choices=EligibilityCheck.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Obligatoire pour un refus ou une demande de complément ; il est envoyé au porteur.",
    )
    info_deadline = forms.DateTimeField(
        label="Complément attendu avant",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Pour une demande de complément (heure de Paris).",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision")
            and cleaned["decision"] != EligibilityCheck.Decision.ELIGIBLE
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", "Écrivez le motif de cette décision.")
        return cleaned


class ConflictForm(AccessibleForm, forms.Form):
    level = forms.ChoiceField(
        label="Avez-vous un lien avec ce projet ou son organisation ?",
        choices=ConflictDeclaration.Level.choices,
        widget=forms.RadioSelect,
    )
    relation = forms.ChoiceField(
        label="Nature du lien", choices=[("", "—")] + ConflictDeclaration.Relation.choices, required=False
    )
    details = forms.CharField(
        label="Précisions",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Obligatoire pour un conflit possible : la présidence décidera.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("level") == ConflictDeclaration.Level.POTENTIAL
            and not (cleaned.get("details") or "").strip()
        ):
            self.add_error("details", "Précisez la nature du lien pour que la présidence puisse décider.")
        return cleaned


def parse_half(value):
    """'3,5' or '3.5' → 7 half points; anything else (5.25, 11, text) → ValidationError."""
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise forms.ValidationError("Choisissez une note entre 0 et 5, par demi-points.") from None
    half = number * 2
    if half != half.to_integral_value() or not 0 <= half <= 10:
        raise forms.ValidationError("Choisissez une note entre 0 et 5, par demi-points.")
    return int(half)


class ScoreField(forms.ChoiceField):
    default_error_messages = {"invalid_choice": "Choisissez une note entre 0 et 5, par demi-points."}

    def __init__(self, **kwargs):
        super().__init__(choices=SCORE_CHOICES, required=False, **kwargs)

    def validate(self, value):
        """Any spelling of an allowed value is accepted ("3,5", "3.5"); parse_half checks the range."""

    def clean(self, value):
        value = self.to_python(value).strip()
        return None if value == "" else parse_half(value)


class ReviewForm(AccessibleForm, forms.Form):
    comment_for_applicant = forms.CharField(
        label="Commentaire pour le porteur (transmis dans la synthèse)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    comment_for_committee = forms.CharField(
        label="Commentaire pour le comité seulement", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recommendation = forms.ChoiceField(
        label="Recommandation globale",
        choices=[("", "Sans avis")] + Review.Recommendation.choices,
        required=False,
    )
    confidence = forms.TypedChoiceField(
        label="Votre degré d'expertise sur ce sujet",
        coerce=int,
        empty_value=None,
        choices=[("", "Non précisé"), (1, "Faible"), (2, "Moyen"), (3, "Élevé")],
        required=False,
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            anchors = " ; ".join(f"{k} = {v}" for k, v in c.anchor_list())
            self.fields[f"score_{c.code}"] = ScoreField(label=f"Note {c.code} (0 à 5)", help_text=anchors)
            self.fields[f"justification_{c.code}"] = forms.CharField(
                label=f"Justification {c.code}", widget=forms.Textarea(attrs={"rows": 3}), required=False
            )

    def criterion_rows(self):
        return [(c, self[f"score_{c.code}"], self[f"justification_{c.code}"]) for c in self.criteria]

    def scores(self):
        return {c.code: self.cleaned_data.get(f"score_{c.code}") for c in self.criteria}

    def justifications(self):
        return {c.code: self.cleaned_data.get(f"justification_{c.code}", "") for c in self.criteria}


class ConsensusForm(AccessibleForm, forms.Form):
    strengths = forms.CharField(
        label="Points forts", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    weaknesses = forms.CharField(
        label="Points faibles", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    summary_for_applicant = forms.CharField(
        label="Synthèse pour le porteur", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    minority_view = forms.CharField(
        label="Avis minoritaire (facultatif)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, criteria, medians, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            median = medians.get(c.code)
            self.fields[f"score_{c.code}"] = ScoreField(
                label=f"Note de consensus {c.code}",
                help_text=f"Médiane des experts : {median / 2:g}." if median is not None else "",
            )
            self.fields[f"rationale_{c.code}"] = forms.CharField(
                label=f"Justification {c.code}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text="Obligatoire si la note s'écarte d'un point ou plus de la médiane.",
            )

    def criterion_rows(self):
        return [(c, self[f"score_{c.code}"], self[f"rationale_{c.code}"]) for c in self.criteria]


class ReasonForm(AccessibleForm, forms.Form):
    reason = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Le motif est obligatoire."},
    )


class ResolveConflictForm(AccessibleForm, forms.Form):
    resolution = forms.ChoiceField(
        label="Décision",
        widget=forms.RadioSelect,
        choices=[
            (ConflictDeclaration.Resolution.WAIVED, "Lever le conflit : l'expert peut évaluer"),
            (ConflictDeclaration.Resolution.RECUSED, "Récuser l'expert"),
        ],
    )
    note = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Le motif est obligatoire."},
    )


class OverrideForm(AccessibleForm, forms.Form):
    application = forms.ModelChoiceField(label="Dossier", queryset=Application.objects.none())
    kind = forms.ChoiceField(label="Nature", choices=Override.Kind.choices, widget=forms.RadioSelect)
    path = forms.ModelChoiceField(label="Parcours (pour un choix de parcours)", queryset=None, required=False)
    justification = forms.CharField(
        label="Justification (publiée dans le relevé de délibération)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "La justification est obligatoire."},
    )

    def __init__(self, *args, call, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.pseudonym
        self.fields["path"].queryset = call.paths.all()


class TieVoteForm(AccessibleForm, forms.Form):
    application = forms.ModelChoiceField(label="Dossier", queryset=Application.objects.none())
    position = forms.IntegerField(label="Rang décidé dans l'égalité", min_value=1)
    minutes = forms.CharField(
        label="Compte rendu du vote",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Le compte rendu est obligatoire."},
    )
    voters = forms.ModelMultipleChoiceField(
        label="Votants", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, applications, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.pseudonym
        self.fields["voters"].queryset = experts


class ManualAssignForm(AccessibleForm, forms.Form):
    application = forms.ModelChoiceField(label="Dossier", queryset=Application.objects.none())
    expert = forms.ModelChoiceField(label="Expert", queryset=None)

    def __init__(self, *args, applications, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: f"{a.pseudonym} — {a.title}"
        self.fields["expert"].queryset = experts


class ConsensusExtensionForm(AccessibleForm, forms.Form):
    """The chair's documented extension of the consensus deadline (in the chair's time zone)."""

    until = forms.DateTimeField(
        label="Nouvelle date de fin du consensus",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Indiquez la nouvelle date.",
            "invalid": "Date invalide : jj/mm/aaaa hh:mm.",
        },
    )
    reason = forms.CharField(
        label="Motif (inscrit au journal de l'appel)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Le motif est obligatoire."},
    )


class QuorumAssignForm(AccessibleForm, forms.Form):
    """`experts`: the committee members that may be offered (a list: no query per form)."""

    expert = forms.TypedChoiceField(
        label="Expert à ajouter",
        coerce=int,
        error_messages={
            "required": "Choisissez un expert.",
            "invalid_choice": "Choisissez un expert de la liste.",
        },
    )

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.experts = {e.pk: e for e in experts}
        self.fields["expert"].choices = [("", "—")] + [(e.pk, str(e)) for e in experts]

    def clean_expert(self):
        return self.experts[self.cleaned_data["expert"]]


class AppealForm(AccessibleForm, forms.Form):
    reason = forms.CharField(
        label="Pourquoi la décision devrait-elle être revue ?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Un recours porte sur la procédure ou sur une erreur de fait (par exemple une pièce mal lue). "
        "Il se dépose une seule fois, avant le début de l'évaluation.",
        error_messages={"required": "Expliquez en quelques lignes pourquoi la décision devrait être revue."},
    )


class AppealDecisionForm(AccessibleForm, forms.Form):
    upheld = forms.TypedChoiceField(
        label="Décision sur le recours",
        widget=forms.RadioSelect,
        coerce=lambda v: v == "oui",
        choices=[
            ("oui", "Recours accepté : la candidature devient éligible"),
            ("non", "Recours rejeté : la décision de non-éligibilité est maintenue"),
        ],
        error_messages={"required": "Choisissez une décision."},
    )
    note = forms.CharField(
        label="Réponse au porteur (motivée)",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "La réponse au recours est obligatoire."},
    )


class CalibrationForm(AccessibleForm, forms.Form):
    """One score per criterion of the call's grid for a shared example (calibration never counts)."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            anchors = " ; ".join(f"{k} = {v}" for k, v in c.anchor_list())
            self.fields[f"score_{c.code}"] = ScoreField(label=f"Note {c.code} — {c.label}", help_text=anchors)

    def clean(self):
        data = super().clean()
        for c in self.criteria:
            if data.get(f"score_{c.code}") is None and not self.errors.get(f"score_{c.code}"):
                self.add_error(f"score_{c.code}", "Notez ce critère.")
        return data

    def halves(self):
        return {c.code: self.cleaned_data.get(f"score_{c.code}") for c in self.criteria}
