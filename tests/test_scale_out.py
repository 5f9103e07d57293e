"""Production and scale-out: every stateful part is chosen by environment variables, and the real settings module
is loaded (in a fresh process) the way a server would load it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lilith.db_router import PrimaryReplicaRouter, ReplicaReadsMiddleware
from tests.markers import requires_postgres

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "lilith.settings.production",
    "DJANGO_SECRET_KEY": "test-" + "k" * 60,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
}
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "databases": sorted(settings.DATABASES),
    "routers": settings.DATABASE_ROUTERS,
    "first_middleware": settings.MIDDLEWARE[0],
    "frontend_cache": settings.WAGTAILFRONTENDCACHE,
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "tasks": settings.TASKS["default"]["BACKEND"],
}))
"""


def python(code, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "AWS_", "REDIS_", "SEARCH_"))
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def production_settings(**env):
    return json.loads(python(SHOW_SETTINGS, **env).strip().splitlines()[-1])


def test_without_variables_everything_stays_on_one_machine():
    shown = production_settings()
    assert shown["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert shown["databases"] == ["default"] and shown["routers"] == []
    assert shown["frontend_cache"] == {}
    assert shown["search"] == "search.backend"  # Wagtail's database search
    assert shown["cache"].endswith("LocMemCache")
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"


def test_each_stateful_service_is_chosen_by_its_variable():
    shown = production_settings(
        AWS_STORAGE_BUCKET_NAME="lilith-medias",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        DATABASE_REPLICA_URL="postgres://lecture@replica.example.org:5432/lilith",
        FRONTEND_CACHE_PURGE_URL="http://varnish.example.org:6081",
        SEARCH_URL="http://opensearch.example.org:9200",
        REDIS_URL="redis://cache.example.org:6379/0",
    )
    assert shown["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert shown["storage"]["OPTIONS"]["bucket_name"] == "lilith-medias"
    assert shown["storage"]["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert shown["databases"] == ["default", "replica"]
    assert shown["routers"] == ["lilith.db_router.PrimaryReplicaRouter"]
    assert shown["first_middleware"] == "lilith.db_router.ReplicaReadsMiddleware"
    assert shown["frontend_cache"]["proxy"]["LOCATION"] == "http://varnish.example.org:6081"
    assert shown["search"] == "wagtail.search.backends.elasticsearch8"
    assert (
        shown["cache"] == "lilith.redis_cache.DegradingRedisCache"
    )  # Django's RedisCache, its client reused


SHOW_MEDIA_URL = """
import json, django
django.setup()
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({"class": type(storage).__name__, "url": storage.url("images/affiche.png")}))
"""


def test_uploaded_files_on_object_storage_are_linked_from_its_public_address():
    """The real django-storages backend, built from the settings (making a link needs no network)."""
    s3 = {
        "AWS_STORAGE_BUCKET_NAME": "lilith-medias",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
        "AWS_S3_REGION_NAME": "fr-par",
        "AWS_ACCESS_KEY_ID": "lecture",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    shown = json.loads(python(SHOW_MEDIA_URL, **s3).strip().splitlines()[-1])
    assert shown == {"class": "S3Storage", "url": "https://s3.example.org/lilith-medias/images/affiche.png"}
    shown = json.loads(
        python(SHOW_MEDIA_URL, **s3, AWS_S3_CUSTOM_DOMAIN="medias.example.org").strip().splitlines()[-1]
    )
    assert shown["url"] == "https://medias.example.org/images/affiche.png"  # a CDN in front of the bucket
    shown = json.loads(python(SHOW_MEDIA_URL).strip().splitlines()[-1])
    assert shown == {"class": "FileSystemStorage", "url": "/media/images/affiche.png"}


SHOW_SEARCH_BACKEND = """
import json, django
django.setup()
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
backend = get_search_backend()
print(json.dumps({"class": type(backend).__name__, "hosts": backend.hosts,
                  "page_index": backend.get_index_for_model(Page).name}))
"""


@pytest.mark.parametrize(
    "backend, expected",
    [
        ("", "Elasticsearch8SearchBackend"),
        ("wagtail.search.backends.opensearch2", "OpenSearch2SearchBackend"),
    ],
)
def test_a_search_url_builds_an_elasticsearch_or_opensearch_client_with_lilith_indices(backend, expected):
    out = python(
        SHOW_SEARCH_BACKEND,
        SEARCH_URL="https://lilith:secret@search.example.org:9200",
        SEARCH_BACKEND=backend,
    )
    shown = json.loads(out.strip().splitlines()[-1])
    assert shown["class"] == expected
    [host] = shown["hosts"]
    assert (host["host"], host["port"]) == ("search.example.org", 9200)
    assert host.get("scheme") == "https" or host.get("use_ssl") is True
    assert shown["page_index"] == "lilith_wagtailcore_page"  # beside other sites' indices on a shared cluster


def decision(request, write_first=False):
    captured = {}

    def view(req):
        router = PrimaryReplicaRouter()
        if write_first:
            router.db_for_write(None)
        captured["read"] = router.db_for_read(None)
        return HttpResponse("ok")

    ReplicaReadsMiddleware(view)(request)
    return captured["read"]


def test_only_anonymous_readers_of_public_pages_read_from_the_replica(settings):
    settings.PAGE_CACHE_ENABLED = False
    rf = RequestFactory()
    assert decision(rf.get("/bonnes-pratiques/un-chez-soi-d-abord/")) == "replica"
    assert decision(rf.head("/parcours-de-vie/")) == "replica"
    assert decision(rf.post("/recherche/")) == "default"  # a form: read what was just written
    with_session = rf.get("/bonnes-pratiques/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert decision(with_session) == "default"  # maybe logged in: sees their own changes at once
    for path in ("/admin/pages/", "/espace-equipe/", "/positivehub/", "/solliciter-un-appui/pratique/x/"):
        assert decision(rf.get(path)) == "default", path
    router = PrimaryReplicaRouter()
    assert router.db_for_read(None) == "default"  # outside a request: worker, commands
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "practices") is False and router.allow_migrate(
        "default", "practices"
    )


def test_a_request_that_has_written_reads_the_primary_for_the_rest_of_it(settings):
    settings.PAGE_CACHE_ENABLED = False
    rf = RequestFactory()
    assert decision(rf.get("/recherche/?q=logement"), write_first=True) == "default"
    assert decision(rf.get("/recherche/?q=logement")) == "replica"  # the next request starts afresh


def test_pages_that_may_be_stored_in_the_page_cache_are_rendered_from_the_primary(settings):
    """A page rendered from a replica that has not yet received a publication would stay stale in the cache."""
    settings.PAGE_CACHE_ENABLED = True
    rf = RequestFactory()
    assert decision(rf.get("/bonnes-pratiques/un-chez-soi-d-abord/")) == "default"
    assert decision(rf.get("/recherche/?q=logement")) == "replica"  # never cached
    assert decision(rf.get("/actualites/?page=2")) == "replica"  # a query string is never cached


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One SQLite database migrated and one STATIC_ROOT collected with the production settings, for the whole module
    (each takes half a minute): every test works on its own copy of the database."""
    folder = tmp_path_factory.mktemp("production")
    env = {
        **os.environ,
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{folder / 'lilith.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"],
            cwd=ROOT,
            check=True,
            env=env,
            capture_output=True,
            timeout=300,
        )
    return folder / "lilith.sqlite3", folder / "static"


def own_database(tmp_path, migrated):
    database, static = migrated
    shutil.copyfile(database, tmp_path / "lilith.sqlite3")
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'lilith.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(static),
    }


def replica_env(tmp_path, migrated):
    """Two real database aliases (here two connections to the same migrated SQLite file)."""
    env = own_database(tmp_path, migrated)
    return {**env, "DATABASE_REPLICA_URL": env["DATABASE_URL"]}


COUNT_QUERIES = """
import json, django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
setup_test_environment()
client = Client()
counts = {}
def count(name, send):
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as replica:
        response = send()
    assert response.status_code in (200, 302), (name, response.status_code)
    counts[name] = {"primary": len(primary), "replica": len(replica), "cache": response.headers.get("X-Cache")}
"""


def test_with_the_page_cache_off_a_public_page_is_read_from_the_replica_and_a_login_from_the_primary(
    tmp_path, migrated
):
    out = python(
        COUNT_QUERIES
        + """
count("page", lambda: client.get("/"))
count("login", lambda: client.post("/compte/connexion/", {"username": "personne", "password": "mauvais-mot-de-passe"}))
print(json.dumps(counts))
""",
        PAGE_CACHE_ENABLED="false",
        **replica_env(tmp_path, migrated),
    )
    counts = json.loads(out.strip().splitlines()[-1])
    assert counts["page"]["replica"] > 0 and counts["page"]["primary"] == 0
    assert counts["login"]["primary"] > 0 and counts["login"]["replica"] == 0


def test_with_the_page_cache_on_cached_pages_come_from_the_primary_and_search_from_the_replica(
    tmp_path, migrated
):
    out = python(
        COUNT_QUERIES
        + """
count("page_miss", lambda: client.get("/"))
count("page_hit", lambda: client.get("/"))
count("search", lambda: client.get("/recherche/", {"q": "bienvenue"}))
print(json.dumps(counts))
""",
        **replica_env(tmp_path, migrated),
    )
    counts = json.loads(out.strip().splitlines()[-1])
    assert counts["page_miss"]["cache"] == "MISS"
    assert counts["page_miss"]["primary"] > 0 and counts["page_miss"]["replica"] == 0
    assert counts["page_hit"] == {"primary": 0, "replica": 0, "cache": "HIT"}
    assert counts["search"]["replica"] > 0 and counts["search"]["primary"] == 0


def test_after_a_write_the_same_request_reads_the_primary(tmp_path, migrated):
    out = python(
        """
import json, django
django.setup()
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from lilith.db_router import ReplicaReadsMiddleware
counts = {}
def view(request):
    for step in ("before", "write", "after"):
        with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as replica:
            if step == "write":
                Site.objects.filter(is_default_site=True).update(site_name="Lilith")
            else:
                list(Site.objects.all())
        counts[step] = {"primary": len(primary), "replica": len(replica)}
    return HttpResponse("ok")
ReplicaReadsMiddleware(view)(RequestFactory().get("/recherche/", {"q": "x"}))
print(json.dumps(counts))
""",
        **replica_env(tmp_path, migrated),
    )
    counts = json.loads(out.strip().splitlines()[-1])
    assert counts["before"] == {"primary": 0, "replica": 1}
    assert counts["write"]["primary"] >= 1 and counts["write"]["replica"] == 0
    assert counts["after"] == {"primary": 1, "replica": 0}


def test_over_real_gunicorn_hashed_static_files_are_immutable_and_public_pages_short_lived(
    tmp_path, migrated
):
    """collectstatic into a fresh STATIC_ROOT, then gunicorn with the production settings on a free loopback port."""
    import signal
    import socket
    import time
    import urllib.request

    env = {**os.environ, **PRODUCTION, **own_database(tmp_path, migrated), "WEB_CONCURRENCY": "1"}
    env.pop("REDIS_URL", None)
    hashed = json.loads((migrated[1] / "staticfiles.json").read_text())["paths"]["css/site.css"]
    assert hashed != "css/site.css"  # the name carries the content's hash
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lilith.wsgi:application",
            "-c",
            "gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path):
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, response.headers

    try:
        for _ in range(120):
            try:
                get("/healthz")
                break
            except OSError:
                time.sleep(0.25)
        status, headers = get(f"/static/{hashed}")
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
        status, headers = get("/static/css/site.css")  # the unhashed name may change content: kept briefly
        assert status == 200 and "immutable" not in headers["Cache-Control"]
        status, headers = get("/")
        assert status == 200 and headers["Cache-Control"] == "public, max-age=60"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.mark.django_db
def test_public_pages_tell_browsers_and_proxies_how_long_to_keep_them(client, practice, settings):
    settings.PAGE_CACHE_ENABLED = True
    response = client.get(practice.url)
    assert response["Cache-Control"] == "public, max-age=60"
    assert response.has_header("ETag")


def test_uploaded_files_are_served_in_production_without_object_storage(tmp_path):
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "illustration.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = python(
        """
import json, django
django.setup()
from django.test import Client
response = Client().get("/media/images/illustration.png")
print(json.dumps({"status": response.status_code, "type": response.headers.get("Content-Type")}))
""",
        MEDIA_ROOT=str(media),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    assert json.loads(out.strip().splitlines()[-1]) == {"status": 200, "type": "image/png"}


@requires_postgres
def test_app_servers_starting_together_apply_each_migration_once():
    """Three servers start at once on an empty database: with the lock, all start and no migration runs twice."""
    import dj_database_url
    import psycopg

    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"lilith_migrate_race_{os.getpid()}"
    admin = {
        "host": server["HOST"] or None,
        "port": server["PORT"] or None,
        "user": server["USER"] or None,
        "password": server["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    user, password = quote(server["USER"] or "", safe=""), quote(server["PASSWORD"] or "", safe="")
    url = f"postgres://{user}:{password}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/{name}"
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, **PRODUCTION, "DATABASE_URL": url}
        servers = [
            subprocess.Popen(
                [sys.executable, "manage.py", "migrate_with_lock", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(3)
        ]
        outputs = [s.communicate(timeout=600)[0] for s in servers]
        assert [s.returncode for s in servers] == [0, 0, 0], outputs
        with psycopg.connect(**{**admin, "dbname": name}) as conn:
            total, distinct = conn.execute(
                "SELECT count(*), count(DISTINCT (app, name)) FROM django_migrations"
            ).fetchone()
        assert total == distinct > 100
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
