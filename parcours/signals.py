"""Cache invalidation: each content event removes the cached pages that show it (see parcours/cache.py)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from parcours import cache as page_cache
from parcours.models import HelpSettings


def _after_commit(func, *args):
    """Purge now, and again once the change is committed: a reader who asks in between cannot re-cache the
    old version for long."""
    func(*args)
    transaction.on_commit(lambda: func(*args))


def _purge_page(page):
    if page.depth <= 3:
        # The home page and its sections appear in every page's header and footer.
        page_cache.purge_everything(f"section {page.title}")
    else:
        page_cache.purge_urls(page_cache.urls_showing_page(page))


@receiver(page_published)
@receiver(page_unpublished)
def purge_on_publication(sender, instance, **kwargs):
    _after_commit(_purge_page, instance)


@receiver(post_page_move)
def purge_on_move(sender, instance, **kwargs):
    _after_commit(page_cache.purge_everything, f"déplacement de {instance.title}")


@receiver(pre_delete, sender=Page)
def purge_on_delete(sender, instance, **kwargs):
    if instance.depth <= 1:
        return
    if instance.depth <= 3:
        _after_commit(page_cache.purge_everything, f"suppression de {instance.title}")
        return
    urls = page_cache.urls_showing_page(instance)
    _after_commit(page_cache.purge_urls, urls)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_on_privacy_change(sender, instance, **kwargs):
    """A page made private (or public again) changes every listing, menu and pager that may show it."""
    _after_commit(page_cache.purge_everything, "confidentialité d'une page")


def connect_snippets():
    from practices.models import Condition, EvidenceLevel, PracticeSupport, SupportTeam, TargetPublic

    @receiver(post_save, sender=SupportTeam, weak=False)
    @receiver(pre_delete, sender=SupportTeam, weak=False)
    def purge_team(sender, instance, **kwargs):
        urls = page_cache.urls_showing_team(instance)
        _after_commit(page_cache.purge_urls, urls)

    @receiver(post_save, sender=PracticeSupport, weak=False)
    @receiver(post_delete, sender=PracticeSupport, weak=False)
    def purge_team_link(sender, instance, **kwargs):
        from practices.models import PracticePage, SupportTeam

        urls = set()
        team = SupportTeam.objects.filter(pk=instance.team_id).first()
        if team is not None:
            urls |= page_cache.urls_showing_team(team)
        practice = PracticePage.objects.filter(pk=instance.practice_id).first()
        if practice is not None:
            urls.add(practice.url)
        _after_commit(page_cache.purge_urls, urls)

    @receiver(post_save, sender=EvidenceLevel, weak=False)
    @receiver(post_delete, sender=EvidenceLevel, weak=False)
    def purge_scale(sender, instance, **kwargs):
        _after_commit(page_cache.purge_everything, "échelle des niveaux de preuve")

    @receiver(post_save, sender=TargetPublic, weak=False)
    @receiver(post_save, sender=Condition, weak=False)
    def purge_taxonomy(sender, instance, **kwargs):
        _after_commit(page_cache.purge_everything, "listes de référence")


@receiver(post_save, sender=HelpSettings)
def purge_help(sender, instance, **kwargs):
    from django.urls import reverse

    _after_commit(page_cache.purge_urls, {reverse("help")})
