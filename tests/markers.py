import os
import shutil

import pytest


def using_postgres():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


requires_postgres = pytest.mark.skipif(
    not using_postgres(),
    reason="Comportement propre à PostgreSQL : vérifié dans la passe PostgreSQL de la CI.",
)


# The Redis server that production's page cache uses (REDIS_URL). CI starts one and sets CI_REQUIRE_REDIS, so that
# there a missing server fails the run instead of skipping its tests.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available():
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(TEST_REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=1):
            return True
    except OSError:
        return False


requires_redis = pytest.mark.skipif(
    not os.environ.get("CI_REQUIRE_REDIS") and not redis_available(),
    reason=f"Redis ne répond pas sur {TEST_REDIS_URL} : vérifié par la CI, qui le démarre.",
)


# A private redis-server, started by the tests that break Redis on purpose (never the shared one). CI has it: there
# a missing binary fails those tests instead of skipping them.
REDIS_SERVER = shutil.which("redis-server")
requires_redis_server = pytest.mark.skipif(
    REDIS_SERVER is None and not os.environ.get("CI_REQUIRE_REDIS"),
    reason="redis-server n'est pas installé : la CI l'installe.",
)
