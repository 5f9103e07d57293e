"""Page types answer in a number of SQL queries that does not grow with the amount of content."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


def count_queries(client, url):
    """Queries of a page rendered for real: the page itself is taken out of the page cache, what every page shares
    (content types, site root paths, menus) is warm, as on a server that has been up for a while."""
    import pagecache

    client.get(url)
    pagecache.purge_urls([url])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200 and response["X-Cache"] == "MISS"
    return len(ctx.captured_queries)


def grow_practice(practice, vie, n=20):
    for i in range(n):
        factories.add_publication(practice, n=100 + i)
        factories.add_outcome(practice, outcome=f"Résultat {i}")
        factories.make_team(name=f"Équipe {i}", practice=practice)
        theme = factories.make_theme(vie, title=f"Thème {i}")
        factories.ThemePracticeLink.objects.create(theme=theme, practice=practice, sort_order=0)


def test_practice_page_query_count_does_not_grow_with_its_content(
    client, practice, vie, django_assert_max_num_queries
):
    before = count_queries(client, practice.url)
    grow_practice(practice, vie)
    after = count_queries(client, practice.url)
    assert after == before
    with django_assert_max_num_queries(before):
        client.get(practice.url)


def test_theme_page_query_count_does_not_grow_with_its_practices(client, practice, theme, practice_index):
    before = count_queries(client, theme.url)
    for i in range(20):
        factories.make_practice(
            practice_index, title=f"Pratique {i}", theme=theme, evidence_level=practice.evidence_level
        )
    after = count_queries(client, theme.url)
    assert after == before


def test_home_page_query_count_does_not_grow_with_parcours_and_themes(client, home, practice, vie):
    before = count_queries(client, home.url)
    soins = factories.make_parcours(home, title="Parcours de soins", kind="soins")
    for i in range(10):
        factories.make_theme(vie, title=f"Thème de vie {i}")
        factories.make_theme(soins, title=f"Thème de soins {i}")
    after = count_queries(client, home.url)
    assert after == before


def test_support_team_list_query_count_does_not_grow_with_teams(client, practice, team_index):
    before = count_queries(client, team_index.url)
    for i in range(20):
        factories.make_team(name=f"Équipe supplémentaire {i}", practice=practice)
    assert count_queries(client, team_index.url) == before


def test_query_counts_per_page_type_are_reported(client, practice, theme, home, team_index, capsys):
    counts = {
        "accueil": count_queries(client, home.url),
        "thème": count_queries(client, theme.url),
        "bonne pratique": count_queries(client, practice.url),
        "équipes d'appui": count_queries(client, team_index.url),
    }
    print("Requêtes SQL par type de page :", counts)
    assert all(0 < n <= 30 for n in counts.values()), counts
