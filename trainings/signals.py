"""The one place where training changes purge the anonymous page cache: the practice page (« Se former ») and the
calendar show sessions and whether they are full."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse

import pagecache as page_cache
from trainings.models import Registration, TrainingSession


def urls_for(practice_ids: set[int]) -> list[str]:
    from practices.models import PracticePage

    urls = [reverse("trainings:calendar")]
    for practice in PracticePage.objects.filter(pk__in=practice_ids):
        url = practice.get_url()
        if url:
            urls.append(url)
    return urls


def purge_for_practices(practice_ids: set[int]) -> None:
    transaction.on_commit(lambda: page_cache.purge_urls(urls_for(practice_ids)))


@receiver(pre_save, sender=TrainingSession)
def remember_previous_practice(sender, instance: TrainingSession, **kwargs) -> None:
    if instance.pk:
        instance._previous_practice_id = (
            TrainingSession.objects.filter(pk=instance.pk).values_list("practice_id", flat=True).first()
        )


@receiver([post_save, post_delete], sender=TrainingSession)
def purge_session_pages(sender, instance: TrainingSession, **kwargs) -> None:
    ids = {instance.practice_id}
    previous = getattr(instance, "_previous_practice_id", None)
    if previous:
        ids.add(previous)
    purge_for_practices(ids)


@receiver([post_save, post_delete], sender=Registration)
def purge_registration_pages(sender, instance: Registration, **kwargs) -> None:
    practice_id = (
        TrainingSession.objects.filter(pk=instance.session_id).values_list("practice_id", flat=True).first()
    )
    if practice_id:
        purge_for_practices({practice_id})
