"""The one place where « Échanger » purges the page cache (pagecache): the practice page and the thread page that show a
thread (its replies, marks, badges). The lead retargets the single `page_cache` import when the cache moves."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

import pagecache as page_cache


def urls_showing_thread(thread) -> set[str]:
    urls = {thread.get_absolute_url().split("#")[0]}
    try:
        practice_url = thread.practice.url
    except Exception:  # noqa: BLE001 — a practice outside any site has no page to purge
        practice_url = None
    if practice_url:
        urls.add(practice_url)
    try:
        urls.add(reverse("community:practice-threads", args=[thread.practice.slug]))
    except Exception:  # noqa: BLE001 — the practice is being deleted
        pass
    return urls


def purge_thread(thread, extra_urls: set[str] | None = None) -> None:
    urls = urls_showing_thread(thread) | (extra_urls or set())
    transaction.on_commit(lambda: page_cache.purge_urls(urls))


def purge_practice(practice) -> None:
    """The practice page and its list of threads (the space's audience or welcome changed)."""
    urls = {practice.url, reverse("community:practice-threads", args=[practice.slug])}
    transaction.on_commit(lambda: page_cache.purge_urls(urls))


def purge_poll(poll) -> None:
    """The page that shows a poll: its practice, or the home page of every site."""
    from practices.models import PracticePage

    if poll.practice_id is None:
        transaction.on_commit(lambda: page_cache.purge_urls({"/"}))
        return
    try:
        purge_practice(poll.practice)
    except PracticePage.DoesNotExist:
        pass  # deleted with its practice, whose own purge covers it
