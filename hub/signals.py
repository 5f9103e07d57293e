"""The hub's page-cache purges: its public pages (index, results, pépites, priorities, committee) are cached for
anonymous readers and purged here, after commit too, when what they show changes. A call's state also shows on the
trees' news pages and cards (the `hub_news` tags): a change of call purges every page."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

import pagecache
from pagecache.core import now_and_after_commit


def _purge(urls: set[str]) -> None:
    pagecache.purge_urls(urls)
    transaction.on_commit(lambda: pagecache.purge_urls(urls))


def hub_wide_urls() -> set[str]:
    return {
        reverse("hub:index"),
        reverse("hub:pepite-list"),
        reverse("hub:priorities"),
        reverse("hub:committee"),
    }


def call_urls(call: Any) -> set[str]:
    from hub.models import PublicListing

    urls = hub_wide_urls()
    if call.slug:
        urls |= {reverse("hub:call-results", args=[call.slug])}
    urls |= {
        reverse("hub:pepite-detail", args=[slug])
        for slug in PublicListing.objects.filter(application__call_id=call.pk).values_list("slug", flat=True)
    }
    return urls


def listing_urls(listing: Any) -> set[str]:
    from hub.models import Call

    urls = {reverse("hub:pepite-detail", args=[listing.slug]), reverse("hub:pepite-list")}
    slug = Call.objects.filter(applications__pk=listing.application_id).values_list("slug", flat=True).first()
    if slug:
        urls.add(reverse("hub:call-results", args=[slug]))
    return urls


def call_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _purge(call_urls(instance))
    now_and_after_commit(pagecache.purge_everything, "appel à pépites modifié")


def audit_recorded(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    # Every state change of a call is recorded as « call.<transition> » (hub/services/transitions.py); those are
    # queryset updates, which send no post_save for the call itself.
    if created and instance.verb.startswith("call."):
        now_and_after_commit(pagecache.purge_everything, f"appel à pépites : {instance.verb}")


def listing_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _purge(listing_urls(instance))


def hub_wide_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Priorities, experts and committee memberships show on the hub-wide pages only."""
    _purge(hub_wide_urls())


def practice_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A pépite's page links its practice once the practice is live: purge it when the practice is (un)published."""
    from hub.models import PublicListing

    slugs = PublicListing.objects.filter(practice_id=instance.pk).values_list("slug", flat=True)
    urls = {reverse("hub:pepite-detail", args=[slug]) for slug in slugs}
    if urls:
        _purge(urls)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished

    from hub.models import AuditEvent, Call, CallMembership, Expert, Priority, PublicListing

    for signal in (post_save, post_delete):
        signal.connect(call_changed, sender=Call, dispatch_uid="hub.purge.call")
        signal.connect(listing_changed, sender=PublicListing, dispatch_uid="hub.purge.listing")
        for model in (Priority, Expert, CallMembership):
            signal.connect(hub_wide_changed, sender=model, dispatch_uid=f"hub.purge.{model.__name__}")
    post_save.connect(audit_recorded, sender=AuditEvent, dispatch_uid="hub.purge.call_state")
    page_published.connect(practice_published, dispatch_uid="hub.purge.practice_published")
    page_unpublished.connect(practice_published, dispatch_uid="hub.purge.practice_unpublished")
