"""When published data changes: a new data version (the API's cached answers are no longer read) and, once the
change is committed, the open dataset rewritten by the task queue."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from opendata import versions

logger = logging.getLogger(__name__)


def data_changed(sender: Any = None, **kwargs: Any) -> None:
    versions.bump()
    # Once per transaction: a publication saves the page, its outcomes, its publications… in one commit.
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(entry[1] is _after_commit for entry in pending):
        transaction.on_commit(_after_commit)


def _after_commit() -> None:
    versions.bump()  # a reader between the change and the commit may have cached the old answer
    from opendata import dataset
    from opendata.tasks import regenerate_dataset

    if not dataset.files_were_served():
        return  # nobody reads the files lately: the next reader's request writes them
    try:
        regenerate_dataset.enqueue()
    except Exception:  # noqa: BLE001 — the queue is down: the files are rewritten when next asked for
        logger.exception("Régénération des données ouvertes non mise en file")


def purge_history(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A practice published or withdrawn changes its history page and the registry's."""
    from django.urls import reverse

    import pagecache
    from pagecache.core import now_and_after_commit

    urls = {reverse("opendata:registry-history"), reverse("opendata:practice-history", args=[instance.pk])}
    now_and_after_commit(pagecache.purge_urls, urls)


def connect() -> None:
    from hub.models import Call, PublicListing
    from parcours.models import ThemePracticeLink, ThemeResource
    from practices.models import (
        Condition,
        EvidenceLevel,
        PracticeOutcome,
        PracticePage,
        PracticeSupport,
        Publication,
        SupportTeam,
        TargetPublic,
    )

    page_published.connect(data_changed, dispatch_uid="opendata-published")
    for signal in (page_published, page_unpublished):
        signal.connect(
            purge_history, sender=PracticePage, dispatch_uid=f"opendata-history-{signal is page_published}"
        )
    page_unpublished.connect(data_changed, dispatch_uid="opendata-unpublished")
    post_page_move.connect(data_changed, dispatch_uid="opendata-moved")
    post_delete.connect(data_changed, sender=Page, dispatch_uid="opendata-page-deleted")
    models = [
        PageViewRestriction,
        SupportTeam,
        PracticeSupport,
        EvidenceLevel,
        TargetPublic,
        Condition,
        PracticeOutcome,
        Publication,
        ThemePracticeLink,
        ThemeResource,
        PublicListing,
        Call,
    ]  # not the régions: the official list, loaded by a migration
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                data_changed,
                sender=model,
                dispatch_uid=f"opendata-{model._meta.label_lower}-{signal is post_save}",
            )
