from django import forms


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse e-mail",
        max_length=254,
        error_messages={
            "required": "Indiquez votre adresse e-mail.",
            "invalid": "Cette adresse e-mail n'est pas valide. Vérifiez-la, par exemple nom@exemple.fr.",
            "max_length": "Cette adresse est trop longue (254 caractères au plus).",
            "null_characters_not_allowed": "Cette adresse contient un caractère invalide.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
