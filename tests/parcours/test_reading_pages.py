"""Reader-facing pages through real URLs: search, news, help lines, errors, SEO."""

import json
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from parcours.models import HelpSettings, NewsIndexPage, NewsPage
from tests import factories


@pytest.fixture
def news_index(home):
    return factories.publish(home, NewsIndexPage(title="Actualités", slug="actualites"))


def make_news(index, title, date, category="evenement", region_code=None, **fields):
    from practices.models import Region

    fields.setdefault("summary", f"Résumé de {title}.")
    return factories.publish(
        index,
        NewsPage(
            title=title,
            slug=factories.slugify(title),
            date=date,
            category=category,
            region=Region.objects.get(code=region_code) if region_code else None,
            **fields,
        ),
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "a" * 2000,
        "<script>alert('x')</script>",
        "'; DROP TABLE wagtailcore_page; --",
        "logement OR 1=1",
        "%%%",
        "é" * 300,
    ],
)
def test_search_with_odd_input_returns_a_normal_page(client, practice, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assertNotContains(response, "<script>alert", html=False)


def test_search_finds_a_practice_and_highlights_the_words(client, practice):
    response = client.get("/recherche/", {"q": "logement"})
    assertContains(response, practice.title.replace("'", "&#x27;"))
    assertContains(response, "<mark>logement</mark>")
    assertContains(response, "Bonne pratique")


def test_search_with_no_result_suggests_themes(client, practice, theme):
    response = client.get("/recherche/", {"q": "xylophone"})
    assertContains(response, "Aucun résultat")
    assertContains(response, f'href="{theme.url}"')


def test_unknown_search_filter_is_ignored_with_a_message(client, practice):
    response = client.get("/recherche/", {"q": "logement", "niveau": "Z", "type": "inconnu"})
    assert response.status_code == 200
    assertContains(response, "Un filtre inconnu a été ignoré.")
    assertContains(response, "<mark>logement</mark>")


def test_search_filters_by_evidence_level_and_type(client, practice, practice_index):
    other_level = factories.make_level(code="C", name="Prometteuse", kind="promising", order=3)
    other = factories.make_practice(
        practice_index,
        title="Logement accompagné",
        evidence_level=other_level,
        summary="Un logement avec un suivi.",
    )
    by_level = client.get("/recherche/", {"q": "logement", "niveau": "C"}).content.decode()
    assert (
        f'href="{other.url}"' in by_level
        and f'href="{practice.url}"' not in by_level.split("Rechercher</h1>")[1]
    )
    by_type = client.get("/recherche/", {"q": "logement", "type": "theme"}).content.decode()
    assert f'href="{other.url}"' not in by_type


def test_search_never_shows_unpublished_pages(client, practice_index, practice):
    factories.make_practice(
        practice_index, title="Logement secret", summary="Logement en brouillon.", live=False
    )
    assertNotContains(client.get("/recherche/", {"q": "logement"}), "Logement secret")


def test_search_page_query_count_does_not_grow_with_results(
    client, practice, practice_index, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get("/recherche/", {"q": "logement"})
        with CaptureQueriesContext(connection) as ctx:
            client.get("/recherche/", {"q": "logement"})
        return len(ctx.captured_queries)

    before = count()
    for i in range(8):
        factories.make_practice(practice_index, title=f"Logement {i}", summary="Un logement.")
    assert count() == before


def test_news_index_filters_by_category_and_region(client, news_index):
    import datetime

    make_news(news_index, "Signature du PTSM", datetime.date(2026, 3, 1), category="ptsm", region_code="93")
    make_news(
        news_index, "Congrès à Lille", datetime.date(2026, 4, 1), category="evenement", region_code="32"
    )
    html = client.get(news_index.url, {"categorie": "ptsm"}).content.decode()
    assert "Signature du PTSM" in html and "Congrès à Lille" not in html
    html = client.get(news_index.url, {"region": "32"}).content.decode()
    assert "Congrès à Lille" in html and "Signature du PTSM" not in html


def test_unknown_news_filter_is_ignored_with_a_message(client, news_index):
    import datetime

    make_news(news_index, "Une actualité", datetime.date(2026, 3, 1))
    response = client.get(news_index.url, {"categorie": "nimporte", "region": "99"})
    assertContains(response, "Cette catégorie n&#x27;existe pas")
    assertContains(response, "Une actualité")


def test_news_rss_feed_lists_the_news(client, news_index):
    import datetime

    make_news(news_index, "Journée régionale", datetime.date(2026, 10, 8))
    response = client.get(news_index.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "<title>Journée régionale</title>" in response.content.decode()


def test_news_pages_link_to_older_and_newer_news(client, news_index):
    import datetime

    older = make_news(news_index, "Ancienne", datetime.date(2026, 1, 1))
    middle = make_news(news_index, "Milieu", datetime.date(2026, 2, 1))
    newer = make_news(news_index, "Récente", datetime.date(2026, 3, 1))
    html = client.get(middle.url).content.decode()
    assert f'href="{older.url}" rel="prev"' in html
    assert f'href="{newer.url}" rel="next"' in html


def test_news_page_has_json_ld(client, news_index):
    import datetime

    page = make_news(news_index, "Avec données structurées", datetime.date(2026, 5, 1))
    html = client.get(page.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2026-05-01"


def test_practice_page_has_canonical_open_graph_and_json_ld(client, practice):
    html = client.get(practice.url).content.decode()
    assert f'<link rel="canonical" href="http://testserver{practice.url}">' in html
    assert '<meta property="og:type" content="article">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "MedicalWebPage" and data["name"] == practice.title


def test_help_lines_are_on_their_page_with_tel_links(client, home):
    settings = HelpSettings.for_site(home.get_site())
    settings.lines = [
        (
            "line",
            {
                "name": "Numéro national de prévention du suicide",
                "number": "3114",
                "tel": "3114",
                "hours": "24 h/24, 7 j/7",
                "description": "Des professionnels vous répondent.",
            },
        )
    ]
    settings.save()
    response = client.get("/besoin-de-soutien/")
    assertContains(response, 'href="tel:3114"')
    assertContains(response, "24 h/24, 7 j/7")


def test_every_page_links_to_the_help_lines(client, practice):
    for url in ("/", practice.url, "/recherche/?q=x"):
        assertContains(client.get(url), 'href="/besoin-de-soutien/"')


def test_unknown_url_gives_the_french_404_with_navigation(client, home):
    response = client.get("/cette-adresse-n-existe-pas/")
    assert response.status_code == 404
    assertContains(response, "Page introuvable", status_code=404)
    assertContains(response, 'href="/recherche/"', status_code=404)


def test_robots_and_sitemap(client, practice):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert practice.url in sitemap


def test_content_pages_carry_no_per_visitor_state(client, practice):
    response = client.get(practice.url)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies


def test_every_page_shows_its_last_update_date(client, practice, theme):
    for page in (practice, theme):
        assertContains(client.get(page.url), "Mis à jour le")


def test_css_and_js_stay_under_50_kb_compressed():
    import gzip
    from pathlib import Path

    static = Path(__file__).resolve().parents[2] / "static"
    total = sum(len(gzip.compress((static / name).read_bytes())) for name in ("css/site.css", "js/site.js"))
    assert total < 50_000


def test_the_site_icon_is_declared_and_favicon_ico_leads_to_it(client, practice):
    html = client.get(practice.url).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"
    assert client.get(response["Location"]).status_code == 200
