"""Wagtail pages may enter the page cache unless their class says `page_cache = False` (a page with a form)."""

from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from pagecache.core import allow_caching


@hooks.register("before_serve_page")
def allow_caching_of_pages(page: Any, request: HttpRequest, serve_args: Any, serve_kwargs: Any) -> None:
    if getattr(page, "page_cache", True):
        allow_caching(request)
