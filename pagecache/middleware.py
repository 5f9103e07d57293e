"""Serve and store whole pages for anonymous readers.

A request may be answered from the cache when it is an anonymous GET or HEAD without query string or session, for
an address whose view may be cached (see below); the lookup happens before sessions, CSRF and authentication, which a cached page does not need (it was stored with
the headers those middlewares added when it was rendered). A rendered response is stored only when its view
allowed it (`pagecache.cacheable`, or a Wagtail page whose class does not say `page_cache = False`) and it is the
same for every reader: status 200, HTML, no cookie, no CSRF token, no Cache-Control that forbids it, no preview.
Responses say `X-Cache: HIT` or `MISS`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils.cache import set_response_etag

from pagecache import core

# Headers of the rendered page that a cached copy does not keep: per-response or set again on each hit.
DROPPED_HEADERS = {
    "set-cookie",
    "cache-control",
    "expires",
    "x-cache",
    "date",
    "content-length",
    "last-modified",
}
FORBIDDING = ("private", "no-store", "no-cache")
# A reader renders a page that changed while others wait for it: the lock lasts at most this long (a worker that
# dies while rendering frees it then), and a previous copy served meanwhile is at most this old.
RENDER_LOCK_SECONDS = 10
WAIT_SECONDS = RENDER_LOCK_SECONDS  # a waiting reader waits no longer than the lock can live
WAIT_STEP = 0.02
UNCACHED_MEMO_SECONDS = 60


def encoding_of(request: HttpRequest) -> str:
    return ":gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""


@functools.lru_cache(maxsize=4096)
def view_may_be_cached(path_info: str) -> bool:
    """Whether the view behind this address may have its responses stored: Wagtail's page view, or a view marked
    `pagecache.cacheable`. Addresses resolve to the same view for the life of the process, hence the memo."""
    from wagtail.views import serve

    try:
        match = resolve(path_info)
    except Resolver404:
        return False
    return match.func is serve or getattr(match.func, "page_cacheable", False)


def cacheable_request(request: HttpRequest) -> bool:
    """Whether the answer to this request could come from, or go into, the page cache (before any view runs)."""
    if not core.enabled() or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False  # a visitor with a session may be logged in or have messages waiting
    return view_may_be_cached(request.path_info)


def cacheable_response(request: HttpRequest, response: HttpResponseBase) -> bool:
    if not getattr(request, "page_cache_allowed", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # carries a per-visitor value (a CSRF token)
    if any(word in response.get("Cache-Control", "") for word in FORBIDDING):
        return False
    # "Vary: Cookie" alone is fine: the session was only looked at, and the visitor had no session cookie, which
    # is the only kind of visitor served from this cache.
    return response.get("Content-Type", "").startswith("text/html")


class AnonymousPageCacheMiddleware:
    max_age = 60  # browsers and proxies revalidate quickly: freshness is kept by server-side purges

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
                if getattr(getattr(request, "user", None), "is_authenticated", False) or response.cookies:
                    response["Cache-Control"] = "private, no-cache"
            return response
        key = core.key_for(core.site_id_for(request), request.path, encoding_of(request))
        found = cache.get_many([core.GENERATION_KEY, key, f"{key}:uncached"])
        gen = found.get(core.GENERATION_KEY) or core.generation()
        stored = found.get(key)
        if stored is not None and stored.get("generation") == gen:
            return self.from_cache(stored, "HIT")
        if found.get(f"{key}:uncached"):
            return self.render_and_store(
                request, key, gen
            )  # its last rendering could not be kept: no waiting
        # One rendering per page after a change, not one per waiting reader (no stampede after a site-wide purge
        # or a release): the first reader renders; while it does, the others get the previous copy when there is
        # one (at most RENDER_LOCK_SECONDS old, and never after an exact purge, which deletes the copy), or wait
        # for the new one.
        lock = f"{key}:rendering"
        if not cache.add(lock, 1, timeout=RENDER_LOCK_SECONDS):
            if stored is not None:
                return self.from_cache(stored, "STALE")
            fresh = self.wait_for(key, gen)
            if fresh is not None:
                return self.from_cache(fresh, "HIT")
            return self.render(request, key, gen, lock=None)
        fresh = cache.get(key)  # rendered by another reader between our first look and the lock
        if fresh is not None and fresh.get("generation") == gen:
            cache.delete(lock)
            return self.from_cache(fresh, "HIT")
        return self.render(request, key, gen, lock=lock)

    def from_cache(self, stored: dict, status: str) -> HttpResponse:
        hit = HttpResponse(stored["content"], status=200)
        for name, value in stored["headers"].items():
            hit[name] = value
        hit["Content-Length"] = str(len(stored["content"]))
        hit["X-Cache"] = status
        hit["Cache-Control"] = f"public, max-age={self.max_age}"
        return hit

    @staticmethod
    def wait_for(key: str, gen: int) -> dict | None:
        """The copy another reader is rendering, once it is stored; None if it does not come in time."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            stored = cache.get(key)
            if stored is not None and stored.get("generation") == gen:
                return stored
            if cache.get(f"{key}:rendering") is None:
                return None  # the rendering ended without a copy (not cacheable): render it ourselves
        return None

    def render(self, request: HttpRequest, key: str, gen: int, lock: str | None) -> HttpResponseBase:
        try:
            return self.render_and_store(request, key, gen)
        finally:
            if lock is not None:
                cache.delete(lock)

    def render_and_store(self, request: HttpRequest, key: str, gen: int) -> HttpResponseBase:
        response = self.get_response(request)
        if cacheable_response(request, response):
            # The ETag is computed once here rather than by ConditionalGetMiddleware on every hit; computed on the
            # bytes sent, it differs between the plain and the compressed copy, as each is its own representation.
            set_response_etag(response)
            cache.set(
                key,
                {
                    "generation": gen,  # read before rendering: a purge during rendering makes this copy stale
                    "content": response.content,  # type: ignore[attr-defined]
                    "headers": {h: v for h, v in response.items() if h.lower() not in DROPPED_HEADERS},
                },
                timeout=core.seconds(),
            )
            response["X-Cache"] = "MISS"
            response["Cache-Control"] = f"public, max-age={self.max_age}"
        else:
            # Readers of this address will not wait for one another for a while (a 404, a page that sets a cookie).
            cache.set(f"{key}:uncached", 1, timeout=UNCACHED_MEMO_SECONDS)
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private, no-cache"
        return response
