"""A term shows on every page that uses it: a change to the glossary bumps the site-wide generation."""

from django.db.models.signals import post_delete, post_save

from pagecache import purge_everything
from pagecache.core import now_and_after_commit


def _term_changed(sender: object, **kwargs: object) -> None:
    now_and_after_commit(purge_everything, "glossaire modifié")


def connect() -> None:
    from glossary.models import Term

    post_save.connect(_term_changed, sender=Term, dispatch_uid="glossary-term-saved")
    post_delete.connect(_term_changed, sender=Term, dispatch_uid="glossary-term-deleted")
