"""The sitemap, the menu, the help page's numbers, the home page's 3114 line, the practice page's regions."""

import re

import pytest
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sitemap_lists_every_public_page_on_the_sites_real_address(live_server, library):
    import urllib.request

    from wagtail.models import Site

    from hub.models import CallStatus

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "lilith.example.org", 443
    site.save()  # as in the admin: Wagtail forgets its cached site addresses
    library.call.status = CallStatus.RESULTS_PUBLISHED
    library.call.save()
    with urllib.request.urlopen(f"{live_server.url}/sitemap.xml") as response:  # noqa: S310 — own live server
        locations = re.findall(r"<loc>(.*?)</loc>", response.read().decode())
    root = "https://lilith.example.org"
    assert all(loc.startswith(root + "/") for loc in locations), locations
    for path in (
        "/",
        "/besoin-de-soutien/",
        "/equipes-d-appui/equipe-marseillaise/",
        "/positivehub/",
        "/positivehub/appel-2026/",
        "/positivehub/appel-2026/resultats/",
        library.chez_soi.url,
        library.news.url,
    ):
        assert root + path in locations, path
    assert len(locations) == len(set(locations))


def test_a_draft_call_is_not_in_the_sitemap(client, library):
    from hub.models import CallStatus

    library.call.status = CallStatus.DRAFT
    library.call.save()
    assert "/positivehub/appel-2026/" not in client.get("/sitemap.xml").content.decode()


def test_the_positivehub_is_in_the_main_menu(client, library):
    html = client.get("/").content.decode()
    menu = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert 'href="/positivehub/"' in menu


def test_the_home_page_gives_the_3114_line(client, library):
    response = client.get("/")
    assertContains(response, 'href="tel:3114"')
    assertContains(response, "24 h/24")


def test_on_the_help_page_15_112_and_114_are_links_like_the_other_lines(client, library):
    html = client.get("/besoin-de-soutien/").content.decode()
    for href in (
        'href="tel:15"',
        'href="tel:112"',
        'href="sms:114"',
        'href="tel:3114"',
        'href="tel:0800235236"',
    ):
        assert href in html, href
    # the settings' introduction names 15 and 112: they are tappable there too
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert '<a href="tel:15">15</a>' in lead and '<a href="tel:112">112</a>' in lead


def test_a_change_to_the_help_lines_shows_at_once_on_the_cached_home_page(client, library, settings):
    from parcours.models import HelpSettings

    settings.PAGE_CACHE_ENABLED = True
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    help_settings = HelpSettings.for_site(library.home.get_site())
    help_settings.intro = "Appelez le 15 en cas d'urgence vitale."
    help_settings.save()
    response = client.get("/")
    assert response["X-Cache"] == "MISS"


def test_the_practice_page_shows_its_regions_which_lead_to_the_other_practices_there(client, library):
    html = client.get(library.profamille.url).content.decode()
    assert "Régions de mise en œuvre" in html
    assert 'href="/recherche/?region=93"' in html and "Provence-Alpes-Côte d" in html
    listed = client.get("/recherche/", {"region": "93"}).content.decode()
    assert "Profamille" in listed and "Un chez soi d" in listed and "Le soutien à l" not in listed
