"""What the page cache purges by itself: Wagtail's page events, view restrictions and sites. Each app purges
for its own snippets and settings in its own receivers, and adds its pages to a purge through `urls_showing`."""

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from pagecache import core


def purge_on_publication(sender: Any, instance: Any, **kwargs: Any) -> None:
    core.now_and_after_commit(core.purge_object, instance.specific)


def purge_on_move(sender: Any, instance: Any, **kwargs: Any) -> None:
    core.now_and_after_commit(core.purge_everything, f"déplacement de {instance.title}")


def purge_on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.depth <= 1:
        return
    if core.shows_everywhere(instance):
        core.now_and_after_commit(core.purge_everything, f"suppression de {instance.title}")
        return
    urls = core.urls_showing_object(instance.specific)  # computed before the page and its links are gone
    core.now_and_after_commit(core.purge_urls, urls)


def purge_on_privacy_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A page made private (or public again) changes every listing, menu and pager that may show it."""
    core.now_and_after_commit(core.purge_everything, "confidentialité d'une page")


def purge_on_site_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    core.forget_sites()
    core.now_and_after_commit(core.purge_everything, "sites")


def connect() -> None:
    page_published.connect(purge_on_publication, dispatch_uid="pagecache-published")
    page_unpublished.connect(purge_on_publication, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(purge_on_move, dispatch_uid="pagecache-moved")
    pre_delete.connect(purge_on_delete, sender=Page, dispatch_uid="pagecache-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            purge_on_privacy_change,
            sender=PageViewRestriction,
            dispatch_uid=f"pagecache-privacy-{signal is post_save}",
        )
        signal.connect(
            purge_on_site_change, sender=Site, dispatch_uid=f"pagecache-site-{signal is post_save}"
        )
