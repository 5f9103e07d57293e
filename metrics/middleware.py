"""Count the readings of public pages, including those served from the page cache, without tracking anyone.

Placed outside the page cache (and outside Django's conditional GET, so that a reload answered « 304 Not
Modified » is not a new reading) in `MIDDLEWARE`. A reading is counted when:
- the request is a GET (not HEAD) for a public page: one the page cache may store (a Wagtail page or a view marked
  `pagecache.cacheable`), not a preview;
- the answer is 200 and HTML;
- it comes from a browser: a user agent that says `Mozilla/`, does not name a robot, and the `Accept` and
  `Accept-Language` headers that browsers always send; not a prefetch, not a forced reload;
- the reader is not an editor: a request with a session cookie is looked at after the view ran (the page cache
  never serves those), and a logged-in user who may open the admin is not counted.
Nothing about the reader is kept: the count is a number per day and address (metrics/counting.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from metrics import counting
from pagecache.core import site_id_for
from pagecache.middleware import view_may_be_cached

logger = logging.getLogger(__name__)

ROBOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|fetch|scrap|curl|wget|python|httpclient|http-client|java/|go-http|"
    r"okhttp|axios|node|libwww|perl|ruby|php|headless|phantom|lighthouse|pagespeed|pingdom|uptime|monitor|"
    r"check|preview|facebookexternalhit|embedly|quora|whatsapp|telegram|discord|skype|feed|rss|validator",
    re.IGNORECASE,
)


def from_a_browser(request: HttpRequest) -> bool:
    meta = request.META
    agent = meta.get("HTTP_USER_AGENT", "")
    if not agent.startswith("Mozilla/") or ROBOTS.search(agent):
        return False
    if not meta.get("HTTP_ACCEPT") or not meta.get("HTTP_ACCEPT_LANGUAGE"):
        return False
    if "prefetch" in meta.get("HTTP_SEC_PURPOSE", "") or "prefetch" in meta.get("HTTP_PURPOSE", ""):
        return False
    # A forced reload (Ctrl+F5) asks for no-cache; an ordinary one revalidates and gets a 304, not counted either.
    return "no-cache" not in meta.get("HTTP_CACHE_CONTROL", "") and "no-cache" not in meta.get(
        "HTTP_PRAGMA", ""
    )


def is_editor(request: HttpRequest) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session, nobody logged in: the common case costs nothing
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def is_counted(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if getattr(request, "is_preview", False) or not from_a_browser(request):
        return False
    if not view_may_be_cached(request.path_info):
        return False
    return not is_editor(request)


class PageViewCountingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        try:
            if is_counted(request, response):
                counting.count(counting.VIEWS, f"{site_id_for(request) or ''}|{request.path[:255]}")
        except Exception:  # noqa: BLE001 — counting never costs a reader the page
            logger.exception("Consultation non comptée")
        return response
