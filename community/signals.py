"""Every saved or deleted thread, reply or « utile » mark purges the pages that show its thread; a poll, the page
that shows it (its practice, or the home page)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from community.cache import purge_poll, purge_thread
from community.models import Poll, Reply, Thread, UsefulMark


def _thread_of(instance: Any) -> Thread | None:
    try:
        if isinstance(instance, Thread):
            return instance
        if isinstance(instance, Reply):
            return instance.thread
        return instance.reply.thread
    except (Thread.DoesNotExist, Reply.DoesNotExist):
        return None  # deleted together with its thread, whose own signal purges


@receiver(post_save, sender=Thread)
@receiver(post_save, sender=Reply)
@receiver(post_save, sender=UsefulMark)
@receiver(post_delete, sender=Thread)
@receiver(post_delete, sender=Reply)
@receiver(post_delete, sender=UsefulMark)
def purge_pages_showing_thread(sender: type, instance: Any, **kwargs: Any) -> None:
    thread = _thread_of(instance)
    if thread is not None:
        purge_thread(thread)


@receiver(post_save, sender=Poll)
@receiver(post_delete, sender=Poll)
def purge_pages_showing_poll(sender: type, instance: Poll, **kwargs: Any) -> None:
    purge_poll(instance)
