"""Counts without tracking: increments in Redis (or in this process when the cache is not Redis), folded into the
daily aggregates of the database by `manage.py fold_metrics`.

What is counted is a number per (kind, day, item): no cookie, no address, no user agent is kept. Kinds:
`v` page views (item: the page's address), `s` searches and `z` searches without result (item: the normalised
words), `t` visits to a support team's website (item: the team's id).

Each process adds its counts to a buffer of its own and sends it to Redis once a second
(`METRICS_REDIS_FLUSH_SECONDS`), in one pipeline of `HINCRBY` on one hash per kind and day and the `SADD` that
lists the hash for the fold: a page served from the cache costs no extra round trip. The fold renames each hash to
a batch of its own in one `MULTI` (increments made meanwhile start a new hash), adds the batch to the database in
one transaction that also records the batch's name, then deletes the batch: running it twice, or again after it
stopped half-way, adds nothing twice.

Documented loss window: counts not yet folded live only in Redis. A Redis restart without persistence loses them,
that is at most the interval between two folds (`make cron`; every 15 minutes in production: at most 15 minutes
of readings); with Redis' append-only file (`appendfsync everysec`), one second. While Redis cannot be reached the
counts stay in the process's buffer, written to the database every `BUFFER_SECONDS` (10 s) instead, as when the
cache is not Redis at all. A process killed without stopping (SIGKILL) loses its buffer: its last second of
readings (or 10 s without Redis); a process stopped normally writes it on exit.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import threading
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

VIEWS, SEARCHES, NO_RESULT, TEAM_VISITS = "v", "s", "z", "t"
KINDS = (VIEWS, SEARCHES, NO_RESULT, TEAM_VISITS)
BUFFER_SECONDS = 10.0
RETRY_SECONDS = 5.0
TERM_MAX_LENGTH = 100

_lock = threading.Lock()
_buffer: Counter[tuple[str, str, str]] = Counter()
_buffer_born = [time.monotonic()]
_redis_down_until = [0.0]


# --- where the increments go -----------------------------------------------------------------------------------


def _redis() -> Any:
    """The raw Redis client behind Django's cache, or None when the cache is not Redis (or is down)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]  # the backend itself: `cache` is a proxy to it
    if not isinstance(backend, RedisCache):
        return None
    # Down for the counts, or for the page cache (lilith/redis_cache.py): not asked again for a few seconds.
    if time.monotonic() < max(_redis_down_until[0], getattr(type(backend), "_down_until", 0.0)):
        return None
    return backend._cache.get_client(write=True)  # type: ignore[attr-defined]


def _index_key() -> str:
    return cache.make_key("metrics:keys")


def _batches_key() -> str:
    return cache.make_key("metrics:batches")


def _day_key(kind: str, day: datetime.date) -> str:
    return cache.make_key(f"metrics:{kind}:{day.isoformat()}")


def _redis_failed(error: Exception) -> None:
    _redis_down_until[0] = time.monotonic() + RETRY_SECONDS
    logger.warning("Redis injoignable pour les comptages : ils sont gardés par le processus. %s", error)


def _redis_flush_seconds() -> float:
    from django.conf import settings

    return float(getattr(settings, "METRICS_REDIS_FLUSH_SECONDS", 1.0))


def count(kind: str, item: str, day: datetime.date | None = None, amount: int = 1) -> None:
    """Add `amount` to the day's count of `item`: in this process's buffer, sent to Redis in one pipeline once a
    second (so that a cached page costs no extra round trip), or written to the database every `BUFFER_SECONDS`
    when there is no Redis."""
    day = day or timezone.localdate()
    with _lock:
        _buffer[(kind, day.isoformat(), item)] += amount
        age = time.monotonic() - _buffer_born[0]
    if age >= (_redis_flush_seconds() if _redis() is not None else BUFFER_SECONDS):
        flush_buffer()


def _take_buffer() -> dict[tuple[str, str, str], int]:
    with _lock:
        taken = dict(_buffer)
        _buffer.clear()
        _buffer_born[0] = time.monotonic()
    return taken


def flush_buffer() -> int:
    """Send this process's buffered counts to Redis, or to the database when there is no Redis (or it cannot be
    reached); the number of counts written to the database."""
    taken = _take_buffer()
    if not taken:
        return 0
    client = _redis()
    if client is not None:
        from redis.exceptions import RedisError

        try:
            pipe = client.pipeline(transaction=False)
            for (kind, day, item), amount in taken.items():
                key = _day_key(kind, datetime.date.fromisoformat(day))
                pipe.hincrby(key, item, amount)
                pipe.sadd(_index_key(), key)
            pipe.execute()
            return 0
        except (RedisError, OSError) as error:
            _redis_failed(error)
    grouped: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for (kind, day, item), amount in taken.items():
        grouped[kind][(day, item)] += amount
    try:
        with transaction.atomic():
            _add_to_database(grouped)
    except Exception:
        with _lock:  # kept for the next flush rather than lost
            _buffer.update(taken)
        raise
    return sum(taken.values())


atexit.register(lambda: _safe_flush())


def _safe_flush() -> None:
    try:
        flush_buffer()
    except Exception:  # noqa: BLE001 — the process is ending; nothing else to do with an error
        logger.exception("Comptages du processus non écrits")


# --- the fold ------------------------------------------------------------------------------------------------------


def fold() -> int:
    """Move every count from Redis and this process into the daily aggregates; the number of counts added.
    Idempotent: a batch already added (its name is in FoldedBatch) is only deleted from Redis."""
    from metrics.models import FoldedBatch

    added = flush_buffer()
    client = _redis()
    if client is None:
        _after_fold()
        return added
    index, batches = _index_key(), _batches_key()
    for key in map(_text, client.smembers(index)):
        batch = f"{key}:batch:{uuid.uuid4().hex}"
        pipe = client.pipeline(transaction=True)
        pipe.rename(key, batch)
        pipe.srem(index, key)
        pipe.sadd(batches, batch)
        try:
            pipe.execute()
        except Exception:  # noqa: BLE001 — the hash vanished (folded by another run): its index entry went with it
            client.srem(batches, batch)
    for batch in map(_text, client.smembers(batches)):
        kind, day = batch.split(":metrics:", 1)[1].split(":")[:2]
        raw = client.hgetall(batch)
        grouped: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        for item, amount in raw.items():
            grouped[kind][(day, _text(item))] += int(amount)
        with transaction.atomic():
            _, new = FoldedBatch.objects.get_or_create(name=batch)
            if new:
                _add_to_database(grouped)
                added += sum(grouped[kind].values())
        pipe = client.pipeline(transaction=True)
        pipe.delete(batch)
        pipe.srem(batches, batch)
        pipe.execute()
    _after_fold()
    return added


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _after_fold() -> None:
    """The public page of figures shows the aggregates and the content apps' own figures: its cached copy is
    dropped at each fold (every quarter of an hour), so it is never older than that."""
    from django.urls import reverse

    from pagecache import purge_urls

    purge_urls([reverse("metrics:figures")])


def pending() -> int:
    """How many counts wait in Redis and in this process (for the admin and the tests)."""
    total = sum(_buffer.values())
    client = _redis()
    if client is not None:
        for key in [*client.smembers(_index_key()), *client.smembers(_batches_key())]:
            total += sum(int(v) for v in client.hvals(key))
    return total


# --- adding to the aggregates ------------------------------------------------------------------------------------


def _add_to_database(grouped: dict[str, Counter[tuple[str, str]]]) -> None:
    if grouped.get(VIEWS):
        _add_views(grouped[VIEWS])
    searches, empty = grouped.get(SEARCHES, Counter()), grouped.get(NO_RESULT, Counter())
    if searches or empty:
        _add_searches(searches, empty)
    if grouped.get(TEAM_VISITS):
        _add_team_visits(grouped[TEAM_VISITS])


def _pages_for(items: set[str]) -> dict[str, tuple[str, int | None]]:
    """(path, page id) for each counted `site|path`: one query for the sites, one for the pages."""
    from wagtail.models import Page, Site

    roots = dict(Site.objects.values_list("pk", "root_page__url_path"))
    default_root = next(iter(roots.values()), "/")
    wanted: dict[str, str] = {}
    parsed: dict[str, str] = {}
    for item in items:
        site, _, path = item.partition("|")
        path = path[:255]
        parsed[item] = path
        root = roots.get(int(site)) if site.isdigit() else default_root
        wanted[item] = (root or default_root).rstrip("/") + path
    pages = dict(Page.objects.filter(url_path__in=set(wanted.values())).values_list("url_path", "pk"))
    return {item: (parsed[item], pages.get(wanted[item])) for item in items}


def _upsert(
    model: Any,
    key_fields: tuple[str, str],
    rows: dict[tuple[Any, Any], dict[str, int]],
    extra: dict[tuple[Any, Any], dict[str, Any]] | None = None,
) -> None:
    """Add each row's amounts to the existing row of the same key, or create it: a bounded number of queries."""
    from django.db.models import Q

    if not rows:
        return
    first, second = key_fields
    amounts = {name for values in rows.values() for name in values}
    days = {k[0] for k in rows}
    condition = Q(**{f"{first}__in": days, f"{second}__in": {k[1] for k in rows}})
    existing = {
        (getattr(o, first), getattr(o, second)): o
        for o in model.objects.select_for_update().filter(condition)
    }
    changed, created = [], []
    for key, values in rows.items():
        row = existing.get(key)
        if row is None:
            fields = {first: key[0], second: key[1], **(extra or {}).get(key, {})}
            created.append(model(**fields, **values))
            continue
        for name, amount in values.items():
            setattr(row, name, getattr(row, name) + amount)
        changed.append(row)
    model.objects.bulk_update(changed, sorted(amounts), batch_size=500)
    model.objects.bulk_create(created, batch_size=500)


def _add_views(counts: Counter[tuple[str, str]]) -> None:
    from metrics.models import PageViewDay

    pages = _pages_for({item for _, item in counts})
    rows: dict[tuple[Any, Any], dict[str, int]] = defaultdict(lambda: {"views": 0})
    extra: dict[tuple[Any, Any], dict[str, Any]] = {}
    for (day, item), amount in counts.items():
        path, page_id = pages[item]
        key = (datetime.date.fromisoformat(day), path)
        rows[key]["views"] += amount
        extra[key] = {"page_id": page_id}
    _upsert(PageViewDay, ("day", "path"), dict(rows), extra)


def _add_searches(searches: Counter[tuple[str, str]], empty: Counter[tuple[str, str]]) -> None:
    from metrics.models import SearchTermDay

    rows: dict[tuple[Any, Any], dict[str, int]] = defaultdict(lambda: {"searches": 0, "without_result": 0})
    for (day, term), amount in searches.items():
        rows[(datetime.date.fromisoformat(day), term[:TERM_MAX_LENGTH])]["searches"] += amount
    for (day, term), amount in empty.items():
        rows[(datetime.date.fromisoformat(day), term[:TERM_MAX_LENGTH])]["without_result"] += amount
    _upsert(SearchTermDay, ("day", "term"), dict(rows))


def _add_team_visits(counts: Counter[tuple[str, str]]) -> None:
    from metrics.models import TeamVisitDay
    from practices.models import SupportTeam

    ids = {int(item) for _, item in counts if item.isdigit()}
    known = set(SupportTeam.objects.filter(pk__in=ids).values_list("pk", flat=True))
    rows: dict[tuple[Any, Any], dict[str, int]] = defaultdict(lambda: {"visits": 0})
    for (day, item), amount in counts.items():
        if item.isdigit() and int(item) in known:
            rows[(datetime.date.fromisoformat(day), int(item))]["visits"] += amount
    _upsert(TeamVisitDay, ("day", "team_id"), dict(rows))


# --- what is counted ------------------------------------------------------------------------------------------------


def normalise_term(query: str) -> str:
    """The words of a search as aggregated: lower case, one space between words, no control character, at most
    100 characters. The same words typed differently count as one."""
    text = unicodedata.normalize("NFC", query or "")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    return " ".join(text.lower().split())[:TERM_MAX_LENGTH]


def count_search(query: str, results: int) -> None:
    term = normalise_term(query)
    if not term:
        return
    count(SEARCHES, term)
    if not results:
        count(NO_RESULT, term)
