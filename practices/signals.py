"""The registry's own receivers: search index of practices when their teams change (level 5 is indexed), and
page-cache purges for its snippets (support teams, their links to practices, the evidence scale, taxonomies)."""

from django.db.models.signals import post_delete, post_save, pre_delete
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
