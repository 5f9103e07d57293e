"""The one place where implementation changes purge the anonymous page cache: the map and the practice pages
(« Où est-elle mise en œuvre ? ») show public projects, support teams and the régions of practices."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.signals import page_published, page_unpublished

import pagecache as page_cache
from implementation.models import ImplementationProject, TeamSite
from practices.models import PracticePage, PracticeSupport, SupportTeam


def purge(practice_ids: set[int]) -> None:
    def run() -> None:
        urls = [reverse("implementation:map")]
        for practice in PracticePage.objects.filter(pk__in=practice_ids):
            urls.append(practice.get_url())
        page_cache.purge_urls(urls)

    transaction.on_commit(run)


@receiver(pre_save, sender=ImplementationProject)
def remember_previous_practice(sender, instance: ImplementationProject, **kwargs) -> None:
    if instance.pk:
        instance._previous_practice_id = (
            ImplementationProject.objects.filter(pk=instance.pk).values_list("practice_id", flat=True).first()
        )


@receiver([post_save, post_delete], sender=ImplementationProject)
def purge_project_pages(sender, instance: ImplementationProject, **kwargs) -> None:
    purge({instance.practice_id, getattr(instance, "_previous_practice_id", None) or instance.practice_id})


@receiver([post_save, post_delete], sender=TeamSite)
def purge_site_pages(sender, instance: TeamSite, **kwargs) -> None:
    purge({instance.practice_id})


@receiver([post_save, post_delete], sender=PracticeSupport)
def purge_support_link_pages(sender, instance: PracticeSupport, **kwargs) -> None:
    purge({instance.practice_id})


@receiver(post_save, sender=SupportTeam)
def purge_team_pages(sender, instance: SupportTeam, **kwargs) -> None:
    purge(set(instance.practice_links.values_list("practice_id", flat=True)))


@receiver([page_published, page_unpublished])
def purge_map_on_practice_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, PracticePage):
        purge(set())  # « Régions de mise en œuvre » may have changed; the page itself is purged by parcours
