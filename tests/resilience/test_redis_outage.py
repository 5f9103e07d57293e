"""Redis stopped: every page is still served (rendered without the cache), /healthz says so, and the cache comes
back by itself when Redis does. A private redis-server on its own port: the shared one is never touched."""

import socket
import subprocess
import time

import pytest

from tests import factories
from tests.live import Visitor
from tests.markers import REDIS_SERVER, requires_redis_server

pytestmark = requires_redis_server  # in CI a missing redis-server fails these tests


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site(live_server, settings, redis_server):
    from lilith.redis_cache import DegradingRedisCache

    factories.restore_migration_data()
    settings.CACHES = {
        "default": {
            "BACKEND": "lilith.redis_cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    DegradingRedisCache._down_until = 0.0
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    index = factories.make_practice_index(home)
    theme = factories.make_theme(factories.make_parcours(home))
    practice = factories.make_practice(index, theme=theme, evidence_level=factories.make_level())
    yield {
        "url": live_server.url,
        "pages": ["/", practice.url, theme.url, "/recherche/?q=logement", "/compte/connexion/"],
    }
    DegradingRedisCache._down_until = 0.0


def test_with_redis_stopped_every_page_is_served_and_healthz_says_degraded(site, redis_server):
    reader = Visitor(site["url"])
    reader.get(site["pages"][1])
    assert reader.get(site["pages"][1]).cache == "HIT"
    redis_server.stop()
    for url in site["pages"]:
        reply = reader.get(url)
        assert reply.status == 200, (url, reply.status)
    health = reader.get("/healthz")
    assert (
        health.status == 200
        and '"cache": "unreachable"' in health.text
        and '"status": "degraded"' in health.text
    )


def test_when_redis_comes_back_pages_are_cached_again(site, redis_server, settings):
    from lilith.redis_cache import DegradingRedisCache

    reader = Visitor(site["url"])
    redis_server.stop()
    assert reader.get(site["pages"][1]).status == 200
    redis_server.start()
    DegradingRedisCache._down_until = 0.0  # the retry pause (5 s) is over
    reader.get(site["pages"][1])
    assert reader.get(site["pages"][1]).cache == "HIT"
    assert '"status": "ok"' in reader.get("/healthz").text


def test_with_the_database_unreachable_healthz_answers_503(tmp_path):
    """A real refused connection: production settings in a fresh process, the database on a closed port."""
    from tests.test_scale_out import python

    out = python(
        """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="127.0.0.1")
print(response.status_code, response.content.decode())
""",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/absente",
        STATIC_ROOT=str(tmp_path),
    )
    assert out.strip().splitlines()[-1].startswith('503 {"status": "error", "database": "unreachable"}')
