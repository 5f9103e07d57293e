"""Keep the search index of practices current when their support teams change (level 5 is indexed)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index

from practices.models import PracticePage, PracticeSupport, SupportTeam


def _reindex(practice_ids):
    for practice in PracticePage.objects.filter(pk__in=practice_ids):
        index.insert_or_update_object(practice)


@receiver(post_save, sender=SupportTeam)
def reindex_practices_of_team(sender, instance, **kwargs):
    _reindex(list(instance.practice_links.values_list("practice_id", flat=True)))


@receiver([post_save, post_delete], sender=PracticeSupport)
def reindex_practice_of_link(sender, instance, **kwargs):
    _reindex([instance.practice_id])
