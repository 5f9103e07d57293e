"""The synonyms are compiled once and cached (search/query.py): any change to them drops that copy."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from search.models import Synonym
from search.query import forget_synonyms


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def drop_compiled_synonyms(sender: type, instance: Synonym, **kwargs: Any) -> None:
    forget_synonyms()
    transaction.on_commit(forget_synonyms)
