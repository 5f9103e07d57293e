"""Anonymous readers get cached pages, and never stale ones: each change removes the pages that show it.

Every test runs twice: on the local-memory cache of a single server, and on a real Redis server through the backend
that production uses with REDIS_URL (several app servers then share the cache and its purges)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Page

from parcours.models import HelpSettings
from practices.models import EvidenceLevel, SupportTeam
from tests import factories
from tests.markers import requires_redis


@pytest.fixture(autouse=True, params=["memoire-locale", pytest.param("redis", marks=requires_redis)])
def page_cache_on(request, settings):
    settings.PAGE_CACHE_ENABLED = True
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    else:
        cache.clear()


def fetch(client, url):
    response = client.get(url)
    return response, response.content.decode()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, practice, django_assert_num_queries
):
    first, _ = fetch(client, practice.url)
    assert first["X-Cache"] == "MISS" and "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second, html = fetch(client, practice.url)
    assert second["X-Cache"] == "HIT" and practice.title.replace("'", "&#x27;") in html


def test_a_cached_page_keeps_the_security_and_language_headers_of_the_rendered_page(client, practice):
    first, _ = fetch(client, practice.url)
    second, _ = fetch(client, practice.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    for header in (
        "X-Frame-Options",
        "Content-Language",
        "Content-Type",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert second.get(header) == first.get(header) and second.get(header), header
    assert "Set-Cookie" not in second and second["ETag"] == first["ETag"]


def test_logged_in_users_never_get_or_fill_the_cache(client, practice, django_user_model):
    user = django_user_model.objects.create_user("lectrice", "l@example.org", "motdepasse-tres-solide")
    client.force_login(user)
    response, _ = fetch(client, practice.url)
    assert "X-Cache" not in response and "private" in response["Cache-Control"]
    client.logout()
    assert fetch(client, practice.url)[0]["X-Cache"] == "MISS"


def test_forms_search_and_admin_are_never_cached(client, practice):
    for url in (f"/solliciter-un-appui/pratique/{practice.slug}/", "/recherche/?q=logement", "/admin/login/"):
        client.get(url)
        assert "X-Cache" not in client.get(url)


def test_publishing_a_change_shows_at_once_on_the_page_its_theme_and_its_team(client, practice, theme):
    team = SupportTeam.objects.get()
    for url in (practice.url, theme.url, team.public_url):
        fetch(client, url)
    page = practice.specific
    page.title = "Un chez soi d'abord, version revue"
    page.save_revision().publish()
    for url in (practice.url, theme.url, team.public_url):
        response, html = fetch(client, url)
        assert "version revue" in html, url


def test_unpublishing_removes_the_practice_from_its_theme_at_once(client, practice, theme):
    assert f'href="{practice.url}"' in fetch(client, theme.url)[1]
    practice.unpublish()
    assert f'href="{practice.url}"' not in fetch(client, theme.url)[1]
    assert client.get(practice.url).status_code == 404


def test_deleting_a_practice_removes_it_from_cached_pages(client, practice, theme):
    fetch(client, theme.url)
    url = practice.url
    Page.objects.get(pk=practice.pk).delete()
    assert f'href="{url}"' not in fetch(client, theme.url)[1]


def test_moving_a_theme_updates_the_cached_parcours_pages(client, theme, vie, home):
    soins = factories.make_parcours(home, title="Parcours de soins", kind="soins")
    fetch(client, vie.url)
    fetch(client, soins.url)
    Page.objects.get(pk=theme.pk).move(soins, pos="last-child")
    assert theme.title not in fetch(client, vie.url)[1].split("<main")[1]
    assert theme.title in fetch(client, soins.url)[1]


def test_editing_a_support_team_updates_its_sheet_and_its_practices(client, practice):
    team = SupportTeam.objects.get()
    fetch(client, practice.url)
    fetch(client, team.public_url)
    team.phone = "01 99 00 98 76"
    team.save()
    assert "01 99 00 98 76" in fetch(client, practice.url)[1]
    assert "01 99 00 98 76" in fetch(client, team.public_url)[1]


def test_editing_the_evidence_scale_updates_every_page_showing_a_grade(client, practice, theme):
    fetch(client, practice.url)
    fetch(client, theme.url)
    level = EvidenceLevel.objects.get(code="A")
    level.name = "Efficacité démontrée"
    level.save()
    assert "Efficacité démontrée" in fetch(client, practice.url)[1]
    assert "Efficacité démontrée" in fetch(client, theme.url)[1]


def test_editing_the_help_lines_updates_the_help_page(client, home):
    fetch(client, reverse("help"))
    settings = HelpSettings.for_site(home.get_site())
    settings.lines = [
        (
            "line",
            {
                "name": "Fil Santé Jeunes",
                "number": "0 800 235 236",
                "tel": "0800235236",
                "hours": "7 j/7, de 9 h à 23 h",
                "description": "Pour les 12 à 25 ans.",
            },
        )
    ]
    settings.save()
    assert 'href="tel:0800235236"' in fetch(client, reverse("help"))[1]


def test_a_new_section_appears_in_every_cached_header(client, practice, home):
    fetch(client, practice.url)
    factories.make_standard(home, title="Nouvelle rubrique")
    assert "Nouvelle rubrique" in fetch(client, practice.url)[1]


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, practice, theme):
    from wagtail.models import PageViewRestriction

    for url in (practice.url, theme.url):
        assert fetch(client, url)[0].status_code == 200
    PageViewRestriction.objects.create(page=practice, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(practice.url)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert practice.url not in fetch(client, theme.url)[1]


def test_responses_get_an_etag(client, practice):
    response = client.get(practice.url)
    assert response.has_header("ETag")
    assert client.get(practice.url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_browsers_accepting_gzip_get_a_compressed_copy_kept_beside_the_plain_one(
    client, practice, django_assert_num_queries
):
    import gzip

    plain, html = fetch(client, practice.url)
    first = client.get(practice.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    with django_assert_num_queries(0):
        second = client.get(practice.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert (plain["X-Cache"], first["X-Cache"], second["X-Cache"]) == ("MISS", "MISS", "HIT")
    assert second["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert gzip.decompress(second.content).decode() == html
    assert len(second.content) < len(html.encode()) / 2 and second["Content-Length"] == str(
        len(second.content)
    )
    for response in (plain, second):
        assert "Accept-Encoding" in response["Vary"]  # a CDN keeps the two copies apart
    assert second["ETag"] != plain["ETag"]
    assert (
        client.get(practice.url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=second["ETag"]).status_code
        == 304
    )


def test_publishing_purges_the_compressed_copy_too(client, practice):
    import gzip

    client.get(practice.url, HTTP_ACCEPT_ENCODING="gzip")
    page = practice.specific
    page.title = "Titre compressé revu"
    page.save_revision().publish()
    response = client.get(practice.url, HTTP_ACCEPT_ENCODING="gzip")
    assert (
        response["X-Cache"] == "MISS" and "Titre compressé revu" in gzip.decompress(response.content).decode()
    )


def test_forms_are_compressed_too_but_never_cached(client, practice):
    url = f"/solliciter-un-appui/pratique/{practice.slug}/"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert "X-Cache" not in response


def test_a_page_carrying_a_csrf_token_is_never_stored(rf, db):
    """Content pages carry no per-visitor value; if one ever did, it must not be shared through the cache."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import CsrfViewMiddleware, get_token

    from pagecache.middleware import AnonymousPageCacheMiddleware

    def page_with_a_form(request):
        request.user = AnonymousUser()
        return HttpResponse(f'<form><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')

    def view(request):
        csrf = CsrfViewMiddleware(page_with_a_form)
        return csrf(request)

    middleware = AnonymousPageCacheMiddleware(view)
    first = middleware(rf.get("/une-page/", HTTP_HOST="localhost"))
    second = middleware(rf.get("/une-page/", HTTP_HOST="localhost"))
    assert "X-Cache" not in first and "X-Cache" not in second
    assert first["Cache-Control"] == "private, no-cache"


@pytest.fixture
def caching_proxy(settings):
    """A real HTTP server on the loopback standing for Varnish/nginx: it records the PURGE requests it receives."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received = []

    class Proxy(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 — the HTTP method's name
            received.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        },
    }
    yield received
    server.shutdown()
    server.server_close()


def test_publishing_sends_the_cdn_a_purge_for_each_page_showing_the_change(caching_proxy, practice, theme):
    team = SupportTeam.objects.get()
    page = practice.specific
    page.title = "Un chez soi d'abord, version revue"
    page.save_revision().publish()
    purged = {path for _host, path in caching_proxy}
    assert {practice.url, theme.url, team.public_url} <= purged
    assert {host for host, _path in caching_proxy} == {practice.get_site().hostname}


def test_a_site_wide_change_sends_the_cdn_a_purge_of_the_home_page(caching_proxy, practice, home):
    level = EvidenceLevel.objects.first()
    level.save()
    assert home.url in {path for _host, path in caching_proxy}
