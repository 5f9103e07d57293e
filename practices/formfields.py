"""A number too large for the database, sent for a choice (a département, a practice, any foreign key), is an
invalid choice with its French message, not a 500.

Django's ModelChoiceField turns a value it cannot look up into « invalid choice » for ValueError and TypeError,
but SQLite's driver raises OverflowError for an integer beyond 64 bits (`departement=99999999999999999999`), and
PostgreSQL a DataError: every form with a foreign key, the admin's included, answered 500. The value is checked
before the lookup: a primary key is at most 18 digits.
"""

from django.core.exceptions import ValidationError
from django.forms import models as form_models

MAX_KEY_DIGITS = 18


def _too_large(value):
    text = str(value).strip().lstrip("+-")
    return text.isdigit() and len(text) > MAX_KEY_DIGITS


def refuse_huge_keys_in_model_choices():
    if getattr(form_models.ModelChoiceField, "_lilith_huge_keys", False):
        return
    single = form_models.ModelChoiceField.to_python
    multiple = form_models.ModelMultipleChoiceField._check_values

    def to_python(self, value):
        if value not in self.empty_values and _too_large(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return single(self, value)

    def _check_values(self, value):
        for item in value or []:
            if _too_large(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return multiple(self, value)

    form_models.ModelChoiceField.to_python = to_python
    form_models.ModelMultipleChoiceField._check_values = _check_values
    form_models.ModelChoiceField._lilith_huge_keys = True
