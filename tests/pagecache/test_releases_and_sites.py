"""A new release never serves what the previous one rendered, and every Host that reaches a site shares one
cached copy, chosen by Wagtail's own rule."""

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from pagecache import core
from tests.markers import requires_redis


@pytest.fixture(autouse=True, params=["memoire-locale", pytest.param("redis", marks=requires_redis)])
def cache_backend(request):
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    core.forget_sites()


@pytest.fixture
def release(settings):
    def switch(name):
        settings.PAGE_CACHE_RELEASE = name
        core.release.cache_clear()

    yield switch
    core.release.cache_clear()


def test_after_a_new_release_pages_cards_and_menus_are_rendered_again(client, practice, theme, release):
    release("version-1")
    assert client.get(theme.url)["X-Cache"] == "MISS"
    assert client.get(theme.url)["X-Cache"] == "HIT"
    card_key = core.fragment_key("card")
    release("version-2")
    assert core.fragment_key("card") != card_key
    response = client.get(theme.url)
    assert (
        response["X-Cache"] == "MISS" and practice.title.replace("'", "&#x27;") in response.content.decode()
    )


def test_without_a_release_id_the_release_is_a_digest_of_what_the_process_runs(settings):
    settings.PAGE_CACHE_RELEASE = ""
    core.release.cache_clear()
    first = core.release()
    core.release.cache_clear()
    assert core.release() == first and len(first) == 12


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:8000", "alias.example.org", "[::1]:8443"]
)
def test_the_cache_finds_the_same_site_as_wagtail_for_any_host(db, home, host):
    from wagtail.models import Page

    from parcours.models import HomePage

    other = Page.get_first_root_node().add_child(
        instance=HomePage(title="Autre site", slug="autre", intro="Essai.")
    )
    Site.objects.create(hostname="alias.example.org", port=80, root_page=other, is_default_site=False)
    request = RequestFactory().get("/", HTTP_HOST=host)
    assert core.site_id_for(request) == Site.find_for_request(request).pk


def test_two_hosts_of_one_site_share_one_cached_copy(client, practice):
    assert client.get(practice.url, HTTP_HOST="localhost:8000")["X-Cache"] == "MISS"
    assert client.get(practice.url, HTTP_HOST="127.0.0.1:8000")["X-Cache"] == "HIT"
