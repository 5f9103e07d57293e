"""The calibration exercise: before scoring opens, every committee member scores the same shared examples on the
call's grid, then sees where they stand against the committee's median. Calibration scores never count."""

from django.db import models
from django.db.models import Q


class CalibrationExample(models.Model):
    call = models.ForeignKey(
        "hub.Call", on_delete=models.CASCADE, related_name="calibration_examples", verbose_name="appel"
    )
    title = models.CharField("titre de l'exemple", max_length=200)
    text = models.TextField(
        "dossier d'exemple",
        help_text="Un dossier fictif ou anonymisé, le même pour tous les membres du comité.",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "exemple de calibration"
        verbose_name_plural = "exemples de calibration"
        ordering = ["call", "order", "id"]

    def __str__(self):
        return self.title


class CalibrationScore(models.Model):
    example = models.ForeignKey(CalibrationExample, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey("hub.Expert", on_delete=models.CASCADE, related_name="calibration_scores")
    criterion = models.ForeignKey("hub.Criterion", on_delete=models.CASCADE, related_name="+")
    score_half = models.SmallIntegerField("note (en demi-points)")
    submitted_at = models.DateTimeField("déposée le")

    class Meta:
        verbose_name = "note de calibration"
        constraints = [
            models.UniqueConstraint(
                fields=["example", "expert", "criterion"], name="hub_one_calibration_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score_half__gte=0) & Q(score_half__lte=10), name="hub_calibration_score_in_range"
            ),
        ]
