"""Keys, generations, releases and purges of the page cache.

Keys
- A stored page is `page:<release>:<site id>:<path>` (plus `:gzip` for the compressed copy that browsers accepting
  gzip get). The site is the Wagtail Site that serves the request, found by Wagtail's own rule
  (`get_site_for_hostname`), so every Host header that reaches a site (a port, an alias, a proxy's name) shares
  one copy, and a purge, which only knows pages and sites, always hits it.
- The release is a digest of the code, templates and static files this process runs (or `RELEASE_ID`): a new
  release never serves HTML, cards or menus rendered by the previous one, whose keys are simply never read again
  and expire.
- Each entry records the generation it was rendered in, read together with the current generation in one round
  trip. A change that shows on every page (a section of the home page, the evidence scale, a site) bumps the
  generation: every cached page, card and menu is dropped at once. Any other change deletes the keys of the
  pages that show it: `urls_showing_object(obj)`, which asks the object (`get_cached_urls()`, in the spirit of
  Wagtail's `get_cached_paths()`) and then every app that shows it (the `urls_showing` signal).
- With `REDIS_URL` the cache is Redis, shared by every app server; the same purges go to a CDN through Wagtail's
  front-end cache invalidation when `WAGTAILFRONTENDCACHE` is configured.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest
from django.http.request import split_domain_port

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
ENCODINGS = ("", ":gzip")
# Sent with `sender` = the model class and `instance` = the object that changed; each receiver returns the URLs
# (paths or absolute URLs) of its own pages that show it.
urls_showing = Signal()

T = TypeVar("T")
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", True))


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 24 * 3600))


# --- releases ----------------------------------------------------------------------------------------------------

RELEASE_SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".json", ".yaml", ".svg"}


@functools.cache
def release() -> str:
    """What this process runs, as a short digest: `RELEASE_ID` when the deployment sets one, else the contents of
    the project's code and templates and the static files' manifest (hashed names) or sources."""
    explicit = os.environ.get("RELEASE_ID") or getattr(settings, "PAGE_CACHE_RELEASE", "")
    if explicit:
        return hashlib.sha256(explicit.encode()).hexdigest()[:12]
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "static"]
    roots += [Path(config.path) for config in _project_apps()]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    files = [manifest] if manifest.exists() else []
    for root in roots:
        files += [p for p in root.rglob("*") if p.suffix in RELEASE_SUFFIXES and p.is_file()]
    for path in sorted(set(files)):
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _project_apps() -> list[Any]:
    from django.apps import apps

    base = Path(settings.BASE_DIR).resolve()
    return [c for c in apps.get_app_configs() if Path(c.path).resolve().is_relative_to(base)]


# --- generations -------------------------------------------------------------------------------------------------


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def fragment_key(*parts: object) -> str:
    """A key for something rendered from content (a card, a menu) that lives until the next site-wide change or
    release; `parts` must hold what else changes it (the object and the time it last changed)."""
    return ":".join(["fragment", release(), str(generation()), *(str(p) for p in parts)])


def site_structure(name: str, build: Callable[[], T], request: HttpRequest | None = None) -> T:
    """Site-wide facts that every page shows (the menus, the evidence scale, the team list's address), built once
    and kept until the next generation bump: every change to them bumps it. Used whether or not the page cache is
    on; memoised on the request when one is given."""
    memo = getattr(request, "_lilith_structure", None) if request is not None else None
    if memo is not None and name in memo:
        return memo[name]
    key = f"structure:{release()}:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds())
    if request is not None:
        if memo is None:
            memo = request._lilith_structure = {}  # type: ignore[attr-defined]
        memo[name] = value
    return value


# --- sites -------------------------------------------------------------------------------------------------------

_SITE_MEMO: dict[tuple[str, int], int | None] = {}
_SITE_MEMO_BORN = [0.0]
SITE_MEMO_SECONDS = (
    60  # another server's change of sites (rare) is seen within this time; this server's at once
)
SITE_MEMO_SIZE = 1000


def forget_sites() -> None:
    _SITE_MEMO.clear()
    _SITE_MEMO_BORN[0] = time.monotonic()


def site_id_for(request: HttpRequest) -> int | None:
    """The id of the Wagtail Site that serves `request`, by Wagtail's rule, remembered per host and port."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    if time.monotonic() - _SITE_MEMO_BORN[0] > SITE_MEMO_SECONDS or len(_SITE_MEMO) > SITE_MEMO_SIZE:
        forget_sites()
    hostname = split_domain_port(request.get_host())[0]
    try:
        port = int(request.get_port())
    except ValueError:
        port = 80
    memo_key = (hostname, port)
    if memo_key not in _SITE_MEMO:
        try:
            _SITE_MEMO[memo_key] = get_site_for_hostname(hostname, port).pk
        except Site.DoesNotExist:
            _SITE_MEMO[memo_key] = None
    return _SITE_MEMO[memo_key]


def key_for(site_id: int | None, path: str, encoding: str = "") -> str:
    return f"page:{release()}:{site_id}:{path}{encoding}"


# --- views that may be cached ------------------------------------------------------------------------------------


def allow_caching(request: HttpRequest) -> None:
    """Say that the response to this request may be stored (the view's own decision; the response is still
    checked: status 200, HTML, no cookie, no CSRF token, no Cache-Control forbidding it)."""
    request.page_cache_allowed = True  # type: ignore[attr-defined]


def cacheable(view: ViewFunc) -> ViewFunc:
    """Decorator for a view whose anonymous GET responses are the same for every reader and may be stored. Its
    pages must be purged by their app when what they show changes."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        allow_caching(request)
        return view(request, *args, **kwargs)

    wrapped.page_cacheable = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


# --- invalidation ------------------------------------------------------------------------------------------------


def now_and_after_commit(func: Callable[..., Any], *args: Any) -> None:
    """Purge now, and again once the change is committed: a reader who asks in between cannot re-cache the old
    version for long."""
    func(*args)
    transaction.on_commit(lambda: func(*args))


def purge_everything(reason: str = "") -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    logger.info("Cache des pages vidé (%s)", reason)
    _purge_frontend(all_pages=True)


def _sites() -> list[tuple[int, str]]:
    from wagtail.models import Site

    return [(site.pk, site.root_url) for site in Site.objects.all()]


def purge_urls(urls: Iterable[str | None]) -> None:
    """Delete the cached copies of these URLs: paths (on every site) or absolute URLs (on their own site)."""
    wanted = {u for u in urls if u}
    if not wanted:
        return
    sites = _sites()
    pairs: set[tuple[int, str]] = set()
    for url in wanted:
        if url.startswith(("http://", "https://")):
            parts = urlsplit(url)
            root = f"{parts.scheme}://{parts.netloc}"
            matching = [pk for pk, site_root in sites if site_root == root] or [pk for pk, _ in sites]
            pairs |= {(pk, parts.path or "/") for pk in matching}
        else:
            pairs |= {(pk, url) for pk, _ in sites}
    cache.delete_many([key_for(pk, path, encoding) for pk, path in pairs for encoding in ENCODINGS])
    roots = dict(sites)
    _purge_frontend(urls={roots[pk] + path for pk, path in pairs})


def page_url(page: Any) -> str | None:
    """The page's URL (absolute when the project has several sites), or None for a page outside any site."""
    try:
        return page.get_url()
    except Exception:  # noqa: BLE001 — a page outside any site (or being deleted) has no URL to purge
        return None


def default_page_urls(page: Any) -> set[str | None]:
    """A page shows in its own URL, in its ancestors' listings and breadcrumbs, and in its siblings' links."""
    urls = {page_url(page)}
    urls |= {page_url(p) for p in page.get_ancestors().filter(depth__gt=1)}
    urls |= {page_url(p) for p in page.get_siblings(inclusive=False)}
    return urls


def urls_showing_object(obj: Any) -> set[str]:
    """Every URL whose HTML shows `obj`: what the object says (`get_cached_urls()`, or for a page its own URL, its
    ancestors and siblings), and what each app adds through the `urls_showing` signal."""
    own = getattr(obj, "get_cached_urls", None)
    urls = (
        set(own())
        if own is not None
        else (default_page_urls(obj) if hasattr(obj, "get_ancestors") else set())
    )
    for _receiver, extra in urls_showing.send(sender=type(obj), instance=obj):
        urls |= set(extra or ())
    return {u for u in urls if u}


def shows_everywhere(page: Any) -> bool:
    """The home page and its sections appear in every page's header and footer."""
    return page.depth <= 3


def purge_object(obj: Any, reason: str = "") -> None:
    if hasattr(obj, "depth") and shows_everywhere(obj):
        purge_everything(reason or f"section {obj}")
    else:
        purge_urls(urls_showing_object(obj))


def purge_pages(pages: Iterable[Any]) -> None:
    purge_urls(page_url(page) for page in pages)


def _purge_frontend(urls: Iterable[str] = (), all_pages: bool = False) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    if all_pages:
        for _pk, root in _sites():
            batch.add_url(root + "/")
    for url in urls:
        batch.add_url(url)
    batch.purge()
