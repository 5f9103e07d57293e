"""An atomic counter per key in the shared cache: `cache.add` creates it with its lifetime, `cache.incr` counts,
both atomic in Redis, so that twenty requests at once cannot all pass a limit of five."""

from __future__ import annotations

from django.core.cache import cache


def count(key: str, seconds: int) -> int:
    """Count one more hit on `key` and return the total within the window."""
    cache.add(key, 0, timeout=seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # the entry expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return 1


def over(key: str, limit: int) -> bool:
    return int(cache.get(key, 0) or 0) >= limit
