"""Site-wide page cache: whole HTML pages for anonymous readers, purged exactly when what they show changes.

The public API, used by the apps that own content:
- `cacheable` (decorator) marks a non-Wagtail view whose anonymous GET responses may be stored; Wagtail pages may
  be stored unless their class says `page_cache = False`. Nothing else is ever stored.
- `purge_urls(urls)`, `purge_pages(pages)`, `purge_object(obj)`, `purge_everything(reason)`: called by each app's
  own receivers (connected in its AppConfig.ready()), after the change is committed.
- `urls_showing` (a signal) lets an app add the URLs of its pages that show another app's object: the trees add
  their theme pages to a practice's purge without the registry knowing of them.
- `site_structure(name, build, request)` and `fragment_key(*parts)` for site-wide facts and rendered fragments
  kept until the next site-wide change or release.
See pagecache/core.py for how keys, generations and releases work.
"""

from pagecache.core import (
    cacheable,
    fragment_key,
    generation,
    purge_everything,
    purge_object,
    purge_pages,
    purge_urls,
    site_structure,
    urls_showing,
    urls_showing_object,
)

__all__ = [
    "cacheable",
    "fragment_key",
    "generation",
    "purge_everything",
    "purge_object",
    "purge_pages",
    "purge_urls",
    "site_structure",
    "urls_showing",
    "urls_showing_object",
]
