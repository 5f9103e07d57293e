"""The version of the published data: a token that changes whenever something the API or the open dataset shows
changes (a publication, a support team, the scale…). API answers are cached under it, and the dataset's files
record the token they were written from, so that a stale file is rewritten before it is served."""

from __future__ import annotations

import uuid

from django.core.cache import cache

VERSION_KEY = "opendata:data-version"


def data_version() -> str:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(VERSION_KEY) or "0"
    return str(value)


def bump() -> str:
    value = uuid.uuid4().hex
    cache.set(VERSION_KEY, value, timeout=None)
    return value
