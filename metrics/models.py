"""Daily aggregates: the only thing kept of a reading, a search or an outbound visit.

Nothing here names a person: a page view is a (day, address) count, a search a (day, normalised words) count, a
visit to a team's website a (day, team) count. The counts are folded in from Redis (or the process's buffer) by
`manage.py fold_metrics` (metrics/counting.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class PageViewDay(models.Model):
    day = models.DateField("jour")
    path = models.CharField("adresse", max_length=255)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    views = models.PositiveIntegerField("consultations", default=0)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "consultations d'une page (par jour)"
        verbose_name_plural = "consultations des pages (par jour)"
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="metrics_one_row_per_day_path")]
        indexes = [models.Index(fields=["page", "day"], name="metrics_views_page_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.path} : {self.views}"


class SearchTermDay(models.Model):
    day = models.DateField("jour")
    term = models.CharField("recherche", max_length=100)
    searches = models.PositiveIntegerField("recherches", default=0)
    without_result = models.PositiveIntegerField("recherches sans résultat", default=0)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "recherche (par jour)"
        verbose_name_plural = "recherches (par jour)"
        constraints = [models.UniqueConstraint(fields=["day", "term"], name="metrics_one_row_per_day_term")]

    def __str__(self) -> str:
        return f"{self.day} « {self.term} » : {self.searches}"


class TeamVisitDay(models.Model):
    day = models.DateField("jour")
    team = models.ForeignKey(
        "practices.SupportTeam", verbose_name="équipe d'appui", on_delete=models.CASCADE, related_name="+"
    )
    visits = models.PositiveIntegerField("visites du site de l'équipe", default=0)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "visites du site d'une équipe (par jour)"
        verbose_name_plural = "visites des sites des équipes (par jour)"
        constraints = [models.UniqueConstraint(fields=["day", "team"], name="metrics_one_row_per_day_team")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} : {self.visits}"


class TeamReference(models.Model):
    """The day a support team was referenced on Lilith, for the « avant/après référencement » comparison. Kept
    here rather than on the team (the registry knows nothing of the indicators); filled from the team's first
    revision when it is first needed, editable in the admin."""

    team = models.OneToOneField(
        "practices.SupportTeam", verbose_name="équipe d'appui", on_delete=models.CASCADE, related_name="+"
    )
    referenced_on = models.DateField("référencée sur Lilith le")

    class Meta:
        verbose_name = "date de référencement d'une équipe"
        verbose_name_plural = "dates de référencement des équipes"

    def __str__(self) -> str:
        return f"{self.team} : {self.referenced_on}"


class FoldedBatch(models.Model):
    """A batch of counts taken out of Redis and added to the aggregates: remembered so that a batch folded once is
    never added twice, even when the fold stopped between the database and Redis."""

    name = models.CharField(max_length=120, unique=True)
    folded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "lot de comptages intégré"
        verbose_name_plural = "lots de comptages intégrés"

    def __str__(self) -> str:
        return self.name
