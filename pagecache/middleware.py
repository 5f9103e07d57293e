"""Serve and store whole pages for anonymous readers.

A request may be answered from the cache when it is an anonymous GET or HEAD without query string or session, for
an address whose view may be cached (see below); the lookup happens before sessions, CSRF and authentication, which a cached page does not need (it was stored with
the headers those middlewares added when it was rendered). A rendered response is stored only when its view
allowed it (`pagecache.cacheable`, or a Wagtail page whose class does not say `page_cache = False`) and it is the
same for every reader: status 200, HTML, no cookie, no CSRF token, no Cache-Control that forbids it, no preview.
Responses say `X-Cache: HIT` or `MISS`.

A logged-in reader whose pages are exactly the anonymous ones (no access to the Wagtail admin, hence no user bar;
no message waiting) is served the same cached copies: at login the middleware gives their browser a reader cookie
signed for that session key (`READER_COOKIE`), checked here without any lookup; nothing is ever stored from their
requests. What depends on them is fetched separately (e.g. community/member.js). A new session (logging in again,
as someone else) or logging out makes the cookie worthless at once, as it names the old session key.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
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
READER_COOKIE = "lilith_lecteur"
READER_SALT = "pagecache.reader"


def _session_digest(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


def reader_cookie_for(session_key: str) -> str:
    """The cookie value that lets this session read cached pages: signed, and naming the session key's digest."""
    return signing.Signer(salt=READER_SALT).sign(_session_digest(session_key))


def reads_as_anonymous(request: HttpRequest) -> bool:
    """Whether this request's session belongs to a reader whose pages are the anonymous ones (see above)."""
    value = request.COOKIES.get(READER_COOKIE)
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not value or not session_key:
        return False
    try:
        digest = signing.Signer(salt=READER_SALT).unsign(value)
    except signing.BadSignature:
        return False
    return digest == _session_digest(session_key)


def sees_anonymous_pages(user: Any) -> bool:
    """A logged-in user whose pages show nothing of them: not staff, no access to the Wagtail admin (user bar)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_staff", True):
        return False
    return not user.has_perm("wagtailadmin.access_admin")


def update_reader_cookie(request: HttpRequest, response: HttpResponseBase) -> None:
    """After the session middleware saved the session: give a fitting reader its cookie, take it back otherwise."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None:
        return
    had = READER_COOKIE in request.COOKIES
    session_key = session.session_key
    if session_key and getattr(user, "is_authenticated", False):
        if had and request.COOKIES[READER_COOKIE] == reader_cookie_for(session_key):
            return
        if sees_anonymous_pages(user):
            response.set_cookie(
                READER_COOKIE,
                reader_cookie_for(session_key),
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,  # the page's script reads it to fetch the reader's own part; it proves nothing
                samesite="Lax",
            )
            return
    if had:
        response.delete_cookie(READER_COOKIE, samesite="Lax")


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
    if "messages" in request.COOKIES:
        return False  # messages waiting for this visitor
    if settings.SESSION_COOKIE_NAME in request.COOKIES and not reads_as_anonymous(request):
        return False  # a visitor with a session may be logged in, with pages of their own
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
            update_reader_cookie(request, response)
            if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
                if getattr(getattr(request, "user", None), "is_authenticated", False) or response.cookies:
                    response["Cache-Control"] = "private, no-cache"
            return response
        member = settings.SESSION_COOKIE_NAME in request.COOKIES
        key = core.key_for(core.site_id_for(request), request.path, encoding_of(request))
        found = cache.get_many([core.GENERATION_KEY, key, f"{key}:uncached"])
        gen = found.get(core.GENERATION_KEY) or core.generation()
        stored = found.get(key)
        if stored is not None and stored.get("generation") == gen:
            return self.from_cache(stored, "HIT", member)
        if member or found.get(f"{key}:uncached"):
            # A member's rendering is never stored, so nobody waits for it; an address whose last rendering could
            # not be kept makes nobody wait either.
            return self.render_and_store(request, key, gen, member)
        # One rendering per page after a change, not one per waiting reader (no stampede after a site-wide purge
        # or a release): the first reader renders; while it does, the others get the previous copy when there is
        # one (at most RENDER_LOCK_SECONDS old, and never after an exact purge, which deletes the copy), or wait
        # for the new one.
        lock = f"{key}:rendering"
        if not cache.add(lock, 1, timeout=RENDER_LOCK_SECONDS):
            if stored is not None:
                return self.from_cache(stored, "STALE", member)
            fresh = self.wait_for(key, gen)
            if fresh is not None:
                return self.from_cache(fresh, "HIT", member)
            return self.render_and_store(request, key, gen, member)
        fresh = cache.get(key)  # rendered by another reader between our first look and the lock
        if fresh is not None and fresh.get("generation") == gen:
            cache.delete(lock)
            return self.from_cache(fresh, "HIT", member)
        try:
            return self.render_and_store(request, key, gen, member)
        finally:
            cache.delete(lock)

    def from_cache(self, stored: dict, status: str, member: bool) -> HttpResponse:
        hit = HttpResponse(stored["content"], status=200)
        for name, value in stored["headers"].items():
            hit[name] = value
        hit["Content-Length"] = str(len(stored["content"]))
        hit["X-Cache"] = status
        # A logged-in reader's browser asks again each time: after logging out it must not show this copy.
        hit["Cache-Control"] = "private, no-cache" if member else f"public, max-age={self.max_age}"
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
                # The lock is freed just after the copy is stored: look once more, since the copy may have come
                # between our two reads. Nothing there means the rendering ended without a copy (not cacheable).
                stored = cache.get(key)
                if stored is not None and stored.get("generation") == gen:
                    return stored
                return None
        return None

    def render_and_store(self, request: HttpRequest, key: str, gen: int, member: bool) -> HttpResponseBase:
        response = self.get_response(request)
        update_reader_cookie(request, response)
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
            return response
        if not member:
            # Readers of this address will not wait for one another for a while (a 404, a page that sets a cookie).
            cache.set(f"{key}:uncached", 1, timeout=UNCACHED_MEMO_SECONDS)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        return response
