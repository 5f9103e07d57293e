"""What the site knows about a reader who may be in distress: the expressions that call for the help box."""

from django.db import models


class DistressExpression(models.Model):
    """A word or phrase that, typed in the search box (or written in a message), shows the help box first.

    Matching is done on French stems with accents and case folded (safety/distress.py): « suicide » also matches
    « suicider », « Suicidé », « SUICIDE ».
    """

    expression = models.CharField(
        "expression",
        max_length=120,
        unique=True,
        help_text="Un mot ou une courte expression, par exemple « envie de mourir ». Les pluriels, les accents et "
        "les majuscules sont pris en compte automatiquement.",
    )
    created_at = models.DateTimeField("ajoutée le", auto_now_add=True)

    class Meta:
        verbose_name = "expression de détresse"
        verbose_name_plural = "expressions de détresse"
        ordering = ["expression"]

    def __str__(self) -> str:
        return self.expression
