"""The distress list is compiled once and cached (safety/distress.py): any change to it drops that copy. The help
box shows the help settings' lines on the home page: a change to them purges the home page from the page cache."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

import pagecache as page_cache
from parcours.models import HelpSettings
from safety.distress import forget_expressions
from safety.models import DistressExpression


@receiver(post_save, sender=DistressExpression)
@receiver(post_delete, sender=DistressExpression)
def drop_compiled_expressions(sender: type, instance: DistressExpression, **kwargs: Any) -> None:
    forget_expressions()
    transaction.on_commit(forget_expressions)


@receiver(post_save, sender=HelpSettings)
def purge_pages_with_help_box(sender: type, instance: HelpSettings, **kwargs: Any) -> None:
    page_cache.purge_urls({"/"})
    transaction.on_commit(lambda: page_cache.purge_urls({"/"}))
