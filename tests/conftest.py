import pytest

from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: pages and site structure cached by one test never leak into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def redis_cache(settings):
    """The default cache on the test Redis server through production's backend (REDIS_URL), under a prefix of its
    own: other checkouts' suites may use the same Redis database at the same time. Its keys are deleted after."""
    import os
    import uuid

    from django.core.cache import cache

    from tests.markers import TEST_REDIS_URL

    prefix = f"lilith-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "lilith.redis_cache.DegradingRedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def home(db):
    return factories.make_home()


@pytest.fixture
def practice_index(home):
    return factories.make_practice_index(home)


@pytest.fixture
def team_index(home):
    return factories.make_team_index(home)


@pytest.fixture
def vie(home):
    return factories.make_parcours(home)


@pytest.fixture
def theme(vie):
    return factories.make_theme(vie)


@pytest.fixture
def practice(practice_index, theme, team_index):
    level = factories.make_level()
    page = factories.make_practice(practice_index, theme=theme, evidence_level=level)
    factories.add_outcome(page)
    factories.add_publication(page, doi="10.1002/wps.20349")
    factories.make_team(practice=page)
    return page


@pytest.fixture
def is_postgres(db):
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests share committed demo content: run them after the other tests, but before the
    transactional ones, which flush the database (and Wagtail's root page with it) when they end."""

    def transactional(item):
        marker = item.get_closest_marker("django_db")
        return "live_server" in item.fixturenames or bool(marker and marker.kwargs.get("transaction"))

    items.sort(key=lambda item: (transactional(item), item.get_closest_marker("browser") is not None))
