"""Readings counted over real HTTP: cached and uncached pages count exactly once per reading; robots, HEAD
requests, editors, reloads and errors do not; the fold adds each count once, even run twice or after a Redis
restart."""

import urllib.request

import pytest

from metrics import counting
from metrics.models import FoldedBatch, PageViewDay
from tests.markers import requires_redis_server
from tests.metrics.conftest import BROWSER, PASSWORD, reader, views_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_reading_of_a_page_counts_once_whether_served_from_the_cache_or_rendered(site):
    visitor = reader(site["url"])
    practice, theme = site["practice"].url, site["theme"].url
    replies = [visitor.get(practice) for _ in range(3)] + [visitor.get(theme)]
    assert [r.status for r in replies] == [200] * 4
    assert [r.cache for r in replies[:3]] == ["MISS", "HIT", "HIT"]  # two of the three came from the cache
    counting.fold()
    assert views_of(practice) == 3 and views_of(theme) == 1
    row = PageViewDay.objects.get(path=practice)
    assert row.page_id == site["practice"].pk


def test_robots_head_requests_editors_reloads_and_errors_are_not_counted_but_readers_are(site):
    practice = site["practice"].url
    base = site["url"]
    reader(base).get(practice)  # in the cache now, counted once
    from tests.live import Visitor

    Visitor(base).get(practice)  # Python's urllib: no browser
    reader(
        base, **{"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}
    ).get(practice)
    without_language = {k: v for k, v in BROWSER.items() if k != "Accept-Language"}
    Visitor(base, headers=without_language).get(practice)
    reader(base, **{"Cache-Control": "no-cache", "Pragma": "no-cache"}).get(practice)  # Ctrl+F5
    head = urllib.request.Request(base + practice, method="HEAD", headers=BROWSER)
    with urllib.request.urlopen(head) as response:
        assert response.status == 200
    etag = reader(base).get(practice).headers["etag"]  # counted: a second reading
    revalidated = reader(base, **{"If-None-Match": etag}).get(practice)
    assert revalidated.status == 304  # a reload within the browser's cache: not a new reading
    assert reader(base).get("/cette-page-n-existe-pas/").status == 404
    editor = reader(base)
    editor.log_in("admin", PASSWORD)
    assert editor.get(practice).status == 200
    member = reader(base)
    member.log_in("equipe", PASSWORD)  # a support team member is a reader, not an editor
    assert member.get(practice).status == 200
    counting.fold()
    assert views_of(practice) == 3
    assert not PageViewDay.objects.filter(path="/cette-page-n-existe-pas/").exists()
    assert not PageViewDay.objects.filter(
        path__startswith="/compte/"
    ).exists()  # the login page is not public


def test_nothing_about_the_reader_is_stored(site):
    reader(site["url"]).get(site["practice"].url)
    counting.fold()
    fields = {f.name for f in PageViewDay._meta.get_fields()}
    assert fields == {"id", "day", "path", "page", "views", "is_demo"}
    assert PageViewDay.objects.get().views == 1


def test_without_redis_the_process_buffer_is_folded_once(site):
    counting._take_buffer()  # the buffer's 10 s start now
    for _ in range(2):
        reader(site["url"]).get(site["practice"].url)
    assert counting.pending() == 2
    assert counting.fold() == 2
    assert counting.fold() == 0
    assert views_of(site["practice"].url) == 2


@requires_redis_server
def test_with_redis_the_fold_is_idempotent_and_a_restart_loses_only_what_was_not_folded(site, private_redis):
    practice = site["practice"].url
    for _ in range(2):
        reader(site["url"]).get(practice)
    assert counting.pending() == 2  # in Redis, not in the process
    assert counting.fold() == 2
    batches = FoldedBatch.objects.count()
    assert counting.fold() == 0 and FoldedBatch.objects.count() == batches
    assert views_of(practice) == 2
    for _ in range(3):
        reader(site["url"]).get(practice)  # counted in Redis, not folded yet: the documented window
    private_redis.stop()
    private_redis.start()  # no persistence: those three are gone
    from lilith.redis_cache import DegradingRedisCache

    DegradingRedisCache._down_until = 0.0
    counting._redis_down_until[0] = 0.0
    reply = reader(site["url"]).get(practice)
    assert reply.status == 200
    counting.fold()
    assert views_of(practice) == 2 + 1
    assert counting.fold() == 0 and views_of(practice) == 3


@requires_redis_server
def test_while_redis_is_down_readings_are_kept_by_the_process_and_folded(site, private_redis):
    practice = site["practice"].url
    private_redis.stop()
    for _ in range(2):
        assert reader(site["url"]).get(practice).status == 200
    counting.fold()
    assert views_of(practice) == 2


@requires_redis_server
def test_a_batch_already_folded_before_a_crash_is_not_added_again(site, private_redis):
    """The fold stopped after writing to the database but before deleting the batch from Redis: the next fold
    only deletes it."""
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    batch = cache.make_key("metrics:v:2026-03-02") + ":batch:deja-integre"
    client.hset(batch, f"|{site['practice'].url}", 5)
    client.sadd(cache.make_key("metrics:batches"), batch)
    FoldedBatch.objects.create(name=batch)
    assert counting.fold() == 0
    assert views_of(site["practice"].url) == 0
    assert not client.exists(batch)
