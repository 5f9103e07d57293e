"""A small live site for the indicators, readers that send a browser's headers, and a private Redis."""

import pytest
from django.contrib.auth import get_user_model

from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"
BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "fr-FR,fr;q=0.9",
}


def reader(base, **headers):
    """A person reading with a browser (its usual headers), without JavaScript."""
    return Visitor(base, headers={**BROWSER, **headers})


@pytest.fixture(autouse=True)
def nothing_counted_yet():
    """Each test starts with an empty buffer, Redis believed up."""
    from metrics import counting

    counting._take_buffer()
    counting._redis_down_until[0] = 0.0
    yield
    counting._take_buffer()


@pytest.fixture
def site(live_server, settings):
    from practices.models import TeamMembership

    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    index = factories.make_practice_index(home)
    factories.make_team_index(home)
    theme = factories.make_theme(factories.make_parcours(home))
    practice = factories.make_practice(index, theme=theme, evidence_level=factories.make_level())
    other_practice = factories.make_practice(index, title="Emploi accompagné", theme=theme)
    team = factories.make_team(practice=practice, website="https://www.equipe-dihal.example.org/accueil")
    other_team = factories.make_team(
        name="Équipe IPS Lyon", practice=other_practice, website="https://ips-lyon.example.org/"
    )
    users = get_user_model().objects
    member = users.create_user("equipe", "equipe@example.org", PASSWORD)
    TeamMembership.objects.create(user=member, team=team)
    users.create_superuser("admin", "admin@example.org", PASSWORD)
    return {
        "url": live_server.url,
        "home": home,
        "theme": theme,
        "practice": practice,
        "other_practice": other_practice,
        "team": team,
        "other_team": other_team,
    }


@pytest.fixture
def private_redis(settings):
    """A redis-server of this test's own, on a free port, as the default cache; never the shared one. The tests
    that use it carry `requires_redis_server` (tests/markers.py)."""
    from lilith.redis_cache import DegradingRedisCache
    from tests.resilience.test_redis_outage import PrivateRedis

    server = PrivateRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "lilith.redis_cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.METRICS_REDIS_FLUSH_SECONDS = 0  # every count goes to Redis at once: what a restart can lose
    DegradingRedisCache._down_until = 0.0
    yield server
    server.stop()
    DegradingRedisCache._down_until = 0.0


def views_of(path):
    from django.db.models import Sum

    from metrics.models import PageViewDay

    return PageViewDay.objects.filter(path=path).aggregate(n=Sum("views"))["n"] or 0
