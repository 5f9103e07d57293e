"""After a change, a page is rendered once however many readers ask for it at the same moment: the others get the
previous copy for the few milliseconds of that rendering (never after an exact purge), or wait for the new one.
Through a real threaded server, on the local-memory cache and on Redis."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.test.signals import template_rendered

from pagecache import purge_everything, purge_pages
from practices.models import PracticePage
from tests import factories
from tests.live import Visitor
from tests.markers import requires_redis

READERS = 12


@pytest.fixture(params=["memoire-locale", pytest.param("redis", marks=requires_redis)])
def site(request, live_server, settings):
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    else:
        cache.clear()
    home = factories.make_home()
    theme = factories.make_theme(factories.make_parcours(home))
    factories.make_team_index(home)
    practice = factories.make_practice(
        factories.make_practice_index(home), theme=theme, evidence_level=factories.make_level()
    )
    factories.make_team(practice=practice)
    return {"url": live_server.url, "practice": practice}


class Renderings:
    """Counts the renderings of the practice page's template; the first one is slowed down so that every reader
    arrives while it is under way."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, sender, template, **kwargs):
        if template.name == "practices/practice_page.html":
            with self.lock:
                self.count += 1
                first = self.count == 1
            if first:
                time.sleep(0.5)


@pytest.fixture
def renderings():
    counter = Renderings()
    template_rendered.connect(counter, dispatch_uid="stampede-count")
    yield counter
    template_rendered.disconnect(dispatch_uid="stampede-count")


def many_readers_at_once(url, path):
    barrier = threading.Barrier(READERS)

    def read(_):
        visitor = Visitor(url)
        barrier.wait()
        return visitor.get(path)

    with ThreadPoolExecutor(READERS) as pool:
        return list(pool.map(read, range(READERS)))


def test_after_a_site_wide_change_a_page_is_rendered_once_for_many_readers(site, renderings):
    path = site["practice"].url
    assert Visitor(site["url"]).get(path).status == 200
    renderings.count = 0
    purge_everything("test")
    answers = many_readers_at_once(site["url"], path)
    assert [a.status for a in answers] == [200] * READERS
    assert renderings.count == 1
    assert sorted({a.cache for a in answers}) <= ["MISS", "STALE"]
    # The previous copy was served only while the new one was being rendered: now every reader gets the new one.
    assert Visitor(site["url"]).get(path).cache == "HIT"


def test_after_an_exact_purge_waiting_readers_all_get_the_new_page(site, renderings):
    practice = site["practice"]
    path = practice.url
    assert Visitor(site["url"]).get(path).status == 200
    practice.title = "Un chez soi d'abord, nouvelle version"
    practice.save_revision().publish()
    purge_pages([PracticePage.objects.get(pk=practice.pk)])
    renderings.count = 0
    answers = many_readers_at_once(site["url"], path)
    assert renderings.count == 1
    assert all("nouvelle version" in a.text for a in answers)
    assert "STALE" not in {a.cache for a in answers}


def test_many_readers_of_a_missing_page_all_get_the_french_404(site):
    answers = many_readers_at_once(site["url"], "/page-qui-n-existe-pas/")
    assert [a.status for a in answers] == [404] * READERS
    assert all("introuvable" in a.text.lower() for a in answers)


def test_a_page_rendered_by_nobody_else_is_never_served_stale(site):
    visitor = Visitor(site["url"])
    first = visitor.get(site["practice"].url)
    purge_everything("test")
    second = visitor.get(site["practice"].url)
    assert (first.cache, second.cache) == ("MISS", "MISS")


class CopyStoredBetweenTwoLooks:
    """The real cache, with the one interleaving that made waiting readers render again: the rendering reader
    stores its copy and frees its lock just after a waiting reader looked for the copy and before it looks at the
    lock."""

    def __init__(self, real, key):
        self.real, self.key, self.copy, self.done = real, key, None, False

    def get(self, name, default=None):
        found = self.real.get(name, default)
        if name == self.key and found is None and not self.done:
            self.done = True
            self.real.set(self.key, self.copy)
            self.real.delete(f"{self.key}:rendering")
        return found

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_waiting_reader_takes_the_copy_stored_just_before_the_lock_is_freed(monkeypatch):
    from pagecache import middleware

    cache.clear()
    key = "lilith-test-page"
    copy = {"generation": 7, "content": b"nouvelle version", "headers": {}}
    interleaved = CopyStoredBetweenTwoLooks(cache, key)
    interleaved.copy = copy
    cache.set(f"{key}:rendering", 1)
    monkeypatch.setattr(middleware, "cache", interleaved)
    assert middleware.AnonymousPageCacheMiddleware.wait_for(key, 7) == copy
