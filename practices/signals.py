"""The registry's own receivers: search index of practices when their teams change (level 5 is indexed), and
page-cache purges for its snippets (support teams, their links to practices, the evidence scale, taxonomies)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.search import index

import pagecache
from pagecache.core import now_and_after_commit
from practices.models import (
    Condition,
    EvidenceLevel,
    PracticePage,
    PracticeSupport,
    SupportTeam,
    TargetPublic,
)


def _reindex(practice_ids):
    for practice in PracticePage.objects.filter(pk__in=practice_ids):
        index.insert_or_update_object(practice)


@receiver(post_save, sender=SupportTeam)
def reindex_practices_of_team(sender, instance, **kwargs):
    _reindex(list(instance.practice_links.values_list("practice_id", flat=True)))


@receiver([post_save, post_delete], sender=PracticeSupport)
def reindex_practice_of_link(sender, instance, **kwargs):
    _reindex([instance.practice_id])


@receiver(post_save, sender=SupportTeam)
@receiver(pre_delete, sender=SupportTeam)
def purge_team(sender, instance, **kwargs):
    now_and_after_commit(pagecache.purge_urls, pagecache.urls_showing_object(instance))


@receiver(post_save, sender=PracticeSupport)
@receiver(post_delete, sender=PracticeSupport)
def purge_team_link(sender, instance, **kwargs):
    urls = set()
    team = SupportTeam.objects.filter(pk=instance.team_id).first()
    if team is not None:
        urls |= pagecache.urls_showing_object(team)
    practice = PracticePage.objects.filter(pk=instance.practice_id).first()
    if practice is not None:
        urls.add(practice.url)
    now_and_after_commit(pagecache.purge_urls, urls)


@receiver(post_save, sender=EvidenceLevel)
@receiver(post_delete, sender=EvidenceLevel)
def purge_scale(sender, instance, **kwargs):
    now_and_after_commit(pagecache.purge_everything, "échelle des niveaux de preuve")


@receiver(post_save, sender=TargetPublic)
@receiver(post_save, sender=Condition)
def purge_taxonomy(sender, instance, **kwargs):
    now_and_after_commit(pagecache.purge_everything, "listes de référence")


# --- A replaced technical sheet does not stay online ---------------------------------------------------------
# Each PDF a team uploads (team space or admin) becomes a Wagtail document with a public URL. When a new one
# replaces it, or the team is deleted, the old one is deleted with its file (Wagtail removes the file from the
# storage), unless something else still links to it (another team, a page, a rich text).


@receiver(pre_save, sender=SupportTeam)
def remember_previous_sheet(sender, instance, **kwargs):
    instance._previous_sheet_id = (
        SupportTeam.objects.filter(pk=instance.pk)
        .values_list("technical_sheet_document_id", flat=True)
        .first()
        if instance.pk
        else None
    )


def forget_sheet(document_id):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.models import ReferenceIndex

    if SupportTeam.objects.filter(technical_sheet_document_id=document_id).exists():
        return False
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return False
    team_type = ContentType.objects.get_for_model(SupportTeam)
    if ReferenceIndex.get_references_to(document).exclude(base_content_type=team_type).exists():
        return False
    document.delete()
    return True


@receiver(post_save, sender=SupportTeam)
def forget_replaced_sheet(sender, instance, **kwargs):
    previous = getattr(instance, "_previous_sheet_id", None)
    if previous and previous != instance.technical_sheet_document_id:
        transaction.on_commit(lambda: forget_sheet(previous))


@receiver(post_delete, sender=SupportTeam)
def forget_sheet_of_deleted_team(sender, instance, **kwargs):
    if instance.technical_sheet_document_id:
        document_id = instance.technical_sheet_document_id
        transaction.on_commit(lambda: forget_sheet(document_id))
