"""Editable reference lists: the published evidence scale, target publics, conditions."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index


class EvidenceLevelQuerySet(models.QuerySet):
    def published(self):
        """What readers see: the levels as last published (a new level still in validation is not shown)."""
        return self.filter(live=True)


class EvidenceLevel(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """One grade of the published evidence scale. The scale is content: editors propose a change, the scientific
    committee validates and publishes it (the « Validation scientifique » workflow, as for practices); until then
    readers see the published version, kept in the row, while the proposal waits in a revision."""

    class Kind(models.TextChoices):
        ESTABLISHED = "established", "Efficacité établie"
        PROBABLE = "probable", "Efficacité probable"
        PROMISING = "promising", "Prometteuse"
        EXPERT = "expert", "Accord d'experts"
        EMERGING = "emerging", "Pratique émergente"
        NO_EFFECT = "no_effect", "Absence d'effet"
        HARMFUL = "harmful", "Préoccupante"
        INSUFFICIENT = "insufficient", "Données insuffisantes"

    code = models.CharField(
        "code",
        max_length=4,
        unique=True,
        help_text="Le code court affiché sur l'échelle : A, B, C, AE, E, 0, !, ?",
    )
    name = models.CharField(
        "nom", max_length=120, help_text="Le nom du niveau, par exemple « Efficacité établie »."
    )
    lay_label = models.CharField(
        "en mots simples",
        max_length=200,
        help_text="Une phrase courte pour le grand public, par exemple « Ça marche : prouvé par plusieurs études solides ».",
    )
    criteria = models.TextField(
        "critères",
        help_text="Les critères que doit remplir une pratique pour obtenir ce niveau. Un passage dans une autre "
        "langue s'écrit entre crochets avec sa langue, par exemple « [en: Well-supported] » ou « [nl: sterke "
        "aanwijzingen] » (en, de, nl, es, it) : le lecteur ne voit que les mots, les lecteurs d'écran les lisent "
        "avec la bonne prononciation.",
    )
    kind = models.CharField(
        "catégorie",
        max_length=20,
        choices=Kind.choices,
        help_text="Sert au style visuel du niveau (par exemple, une pratique préoccupante est signalée autrement).",
    )
    order = models.PositiveSmallIntegerField(
        "ordre", default=0, help_text="Position sur l'échelle, du plus solide au moins solide."
    )

    search_fields = [index.SearchField("name"), index.SearchField("lay_label"), index.FilterField("code")]

    objects = EvidenceLevelQuerySet.as_manager()
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="evidencelevel")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="evidencelevel",
        for_concrete_model=False,
    )

    @property
    def revisions(self):
        return self._revisions

    class Meta:
        verbose_name = "niveau de preuve"
        verbose_name_plural = "échelle des niveaux de preuve"
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def is_positive(self):
        return self.kind in {self.Kind.ESTABLISHED, self.Kind.PROBABLE, self.Kind.PROMISING}


class TargetPublic(models.Model):
    name = models.CharField("nom", max_length=80, unique=True)
    slug = models.SlugField("identifiant", max_length=80, unique=True, allow_unicode=False)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "public"
        verbose_name_plural = "publics"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Condition(models.Model):
    name = models.CharField("nom", max_length=80, unique=True)
    slug = models.SlugField("identifiant", max_length=80, unique=True, allow_unicode=False)

    class Meta:
        verbose_name = "trouble ou situation"
        verbose_name_plural = "troubles et situations"
        ordering = ["name"]

    def __str__(self):
        return self.name
