"""Full-page cache for anonymous readers, with invalidation of exactly the pages that show what changed.

How it works
- `AnonymousPageCacheMiddleware` serves and stores whole HTML responses for anonymous GET requests on content
  URLs (no query string, no cookie set, status 200). Logged-in users, previews and the admin, the team space,
  the hub, forms and search are never cached. Responses say `X-Cache: HIT` or `MISS`.
- Keys are `page:<host><path>`, plus `:gzip` for the compressed copy that browsers accepting gzip get (Django's
  GZipMiddleware, inner to this one, compresses it once when it is rendered; every response says
  `Vary: Accept-Encoding`). Each entry records the generation it was rendered in, and is read together with
  the current generation in one round trip. A change that shows on every page (a section of the home page, the
  evidence scale) bumps the generation: every cached page is dropped at once. Any other change deletes the keys of
  the pages that show it, computed by `urls_showing(...)`: the page itself and its old URL after a move, its
  ancestors (listings, breadcrumbs), its siblings (previous/next links), the themes that list a practice, the
  practices whose breadcrumb goes through a theme, the sheets of the teams of a practice, and for a support team
  its sheet, the team list and the practices it supports.
- With `REDIS_URL`, the cache is Redis (Django's RedisCache) and is shared by every app server; the same purge
  list feeds Wagtail's front-end cache invalidation for a CDN when `WAGTAILFRONTENDCACHE` is configured.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import set_response_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
NEVER_CACHED_PREFIXES = (
    "/admin", "/django-admin", "/compte", "/espace-equipe", "/positivehub", "/solliciter-un-appui",
    "/recherche", "/documents", "/healthz", "/static", "/media", "/sitemap.xml", "/robots.txt",
    "/communaute",
)
# Headers of the rendered page that a cached copy does not keep: per-response or set again on each hit.
DROPPED_HEADERS = {"set-cookie", "cache-control", "expires", "x-cache", "date", "content-length", "last-modified"}


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


ENCODINGS = ("", ":gzip")


def key_for(host, path, encoding=""):
    return f"page:{host}{path}{encoding}"


def encoding_of(request):
    return ":gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""


def cacheable_request(request):
    if not enabled() or request.method not in ("GET", "HEAD") or request.GET:
        return False
    if request.path.startswith(NEVER_CACHED_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False  # a visitor with a session may be logged in or have messages waiting
    return True


def cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # carries a per-visitor value (a CSRF token)
    # "Vary: Cookie" alone is fine: the session was only looked at, and the visitor had no session cookie, which
    # is the only kind of visitor served from this cache.
    return response.get("Content-Type", "").startswith("text/html")


class AnonymousPageCacheMiddleware:
    max_age = 60  # browsers and proxies revalidate quickly: freshness is kept by server-side purges

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
                if getattr(getattr(request, "user", None), "is_authenticated", False) or response.cookies:
                    response["Cache-Control"] = "private, no-cache"
            return response
        key = key_for(request.get_host(), request.path, encoding_of(request))
        found = cache.get_many([GENERATION_KEY, key])
        gen = found.get(GENERATION_KEY) or generation()
        stored = found.get(key)
        if stored is not None and stored.get("generation") == gen:
            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"].items():
                response[name] = value
            response["Content-Length"] = str(len(stored["content"]))
            response["X-Cache"] = "HIT"
            response["Cache-Control"] = f"public, max-age={self.max_age}"
            return response
        response = self.get_response(request)
        if cacheable_response(request, response):
            # The ETag is computed once here rather than by ConditionalGetMiddleware on every hit; computed on the
            # bytes sent, it differs between the plain and the compressed copy, as each is its own representation.
            set_response_etag(response)
            cache.set(
                key,
                {
                    "generation": gen,  # read before rendering: a purge during rendering makes this copy stale
                    "content": response.content,
                    "headers": {h: v for h, v in response.items() if h.lower() not in DROPPED_HEADERS},
                },
                timeout=getattr(settings, "PAGE_CACHE_SECONDS", 24 * 3600),
            )
            response["X-Cache"] = "MISS"
            response["Cache-Control"] = f"public, max-age={self.max_age}"
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        return response


def structure(name, build, request=None):
    """Site-wide facts that every page shows (the menus, the evidence scale, the team list's address), built once
    and kept until the next generation bump: every change to them already bumps it (see parcours/signals.py).
    Used whether or not the page cache is on; memoised on the request when one is given."""
    memo = getattr(request, "_lilith_structure", None) if request is not None else None
    if memo is not None and name in memo:
        return memo[name]
    key = f"structure:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, getattr(settings, "PAGE_CACHE_SECONDS", 3600))
    if request is not None:
        if memo is None:
            memo = request._lilith_structure = {}
        memo[name] = value
    return value


# --- invalidation ----------------------------------------------------------------------------------------------

def purge_everything(reason=""):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    logger.info("Cache des pages vidé (%s)", reason)
    _purge_frontend(all_pages=True)


def purge_urls(urls):
    from wagtail.models import Site

    urls = {u for u in urls if u}
    if not urls:
        return
    hosts = set()
    for site in Site.objects.all():
        hosts.add(site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}")
        hosts.add(site.hostname)
    hosts |= {h for h in getattr(settings, "ALLOWED_HOSTS", []) if h and h != "*"}
    hosts |= set(getattr(settings, "PAGE_CACHE_EXTRA_HOSTS", []))
    cache.delete_many([key_for(host, url, encoding) for host in hosts for url in urls for encoding in ENCODINGS])
    _purge_frontend(urls=urls)


def _purge_frontend(urls=(), all_pages=False):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Site

    batch = PurgeBatch()
    for site in Site.objects.all():
        if all_pages:
            batch.add_url(site.root_url + "/")
        for url in urls:
            batch.add_url(site.root_url + url)
    batch.purge()


def _url(page):
    try:
        return page.url
    except Exception:  # noqa: BLE001 — a page outside any site has no URL to purge
        return None


def urls_showing_page(page):
    """Every URL whose HTML shows `page` (title, card, link or breadcrumb)."""
    from parcours.models import ThemePage
    from practices.models import PracticePage, SupportTeam
    from practices.models.support_teams import attach_public_urls

    page = page.specific
    urls = {_url(page)}
    urls |= {_url(p) for p in page.get_ancestors().filter(depth__gt=1)}
    urls |= {_url(p) for p in page.get_siblings(inclusive=False)}
    if isinstance(page, PracticePage):
        urls |= {_url(t) for t in ThemePage.objects.filter(practice_links__practice=page)}
        for theme in ThemePage.objects.filter(practice_links__practice=page):
            urls |= {_url(p) for p in PracticePage.objects.filter(theme_links__theme=theme)}  # pager neighbours
        teams = attach_public_urls(list(SupportTeam.objects.filter(practice_links__practice=page)))
        urls |= {t.public_url for t in teams}
    if isinstance(page, ThemePage):
        urls |= {_url(p) for p in PracticePage.objects.filter(primary_theme=page)}
        urls |= {_url(p) for p in PracticePage.objects.filter(theme_links__theme=page)}
    return urls


def urls_showing_team(team):
    from practices.models import PracticePage, SupportTeamIndexPage
    from practices.models.support_teams import attach_public_urls

    attach_public_urls([team])
    urls = {team.public_url}
    urls |= {_url(p) for p in SupportTeamIndexPage.objects.all()}
    urls |= {_url(p) for p in PracticePage.objects.filter(support_links__team=team)}
    return urls
