"""The synonyms are compiled once and cached (search/query.py): any change to them drops that copy."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from search.models import Synonym
from search.query import forget_synonyms

# Sent by the search page once per search a reader makes (first page of results, words typed): `request`,
# `query` (the words as typed) and `results` (how many the reader was shown). The indicators (metrics) aggregate
# it without keeping who searched; the search app knows nothing of who listens.
searched = Signal()


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def drop_compiled_synonyms(sender: type, instance: Synonym, **kwargs: Any) -> None:
    forget_synonyms()
    transaction.on_commit(forget_synonyms)


def fill_vocabulary_of_an_existing_index(sender: Any, **kwargs: Any) -> None:
    """A database indexed before the search app (whole words, no vocabulary) is brought up to date once, right
    after `migrate`: see `manage.py rebuild_search_vocabulary`. A new or already converted database costs two
    tiny queries."""
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    from search.models import Word

    if kwargs.get("plan") is not None and not kwargs["plan"]:
        return  # nothing was migrated
    if not Word.objects.exists() and IndexEntry.objects.exists():
        call_command("rebuild_search_vocabulary", verbosity=0)
