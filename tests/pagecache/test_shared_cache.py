"""Several app servers share one Redis: what one stores, the others serve, and a purge reaches them all."""

import pytest
from django.core.cache import caches
from wagtail.models import Site

from pagecache.core import GENERATION_KEY, key_for
from tests.markers import requires_redis

pytestmark = [requires_redis, pytest.mark.usefixtures("redis_cache")]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def fetch(client, url):
    response = client.get(url)
    return response, response.content.decode()


def test_a_page_rendered_by_one_server_is_served_by_another_until_a_publication_purges_it(client, practice):
    other_server = caches.create_connection("default")  # its own client and connections to the same Redis
    key = key_for(Site.objects.get(is_default_site=True).pk, practice.url)
    assert fetch(client, practice.url)[0]["X-Cache"] == "MISS"
    stored = other_server.get_many([GENERATION_KEY, key])
    assert stored[key]["generation"] == stored[GENERATION_KEY]
    assert practice.title.replace("'", "&#x27;") in stored[key]["content"].decode()

    page = practice.specific
    page.title = "Titre revu sur un autre serveur"
    page.save_revision().publish()
    assert other_server.get(key) is None
    response, html = fetch(client, practice.url)
    assert response["X-Cache"] == "MISS" and "Titre revu sur un autre serveur" in html.replace("&#x27;", "'")


def test_each_server_keeps_one_redis_client_instead_of_building_one_per_operation(client, practice):
    backend = caches.create_connection("default")
    backend.set("essai", 1)
    first = backend._cache.get_client(write=True)
    assert backend.get("essai") == 1 and backend._cache.get_client() is first
