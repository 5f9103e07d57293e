"""« Carte des preuves »: each parcours shows its practices × the outcomes that matter for recovery as a real table;
an empty cell is a gap; read with French evidence only, a cell studied only abroad says so. Bad filters get a
French message, the number of queries does not grow with the practices, and an edit shows at once through a
real server."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.live import Visitor

MAP = "/parcours-de-vie/carte-des-preuves/"


def test_the_parcours_links_its_map_and_the_map_is_a_table_of_practices_by_domain(client, practice, vie):
    assert f'href="{MAP}"' in client.get(vie.url).content.decode()
    response = client.get(MAP)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Carte des preuves : parcours de vie</h1>" in html
    assert '<caption id="carte-legende">Toutes les études, par pratique et par domaine</caption>' in html
    for label in (
        "Logement",
        "Emploi et études",
        "Hospitalisation et crise",
        "Rétablissement et qualité de vie",
    ):
        assert f'<th scope="col">{label}</th>' in html
    assert f'<th scope="row"><a href="{practice.url}">Un chez soi d&#x27;abord</a>' in html
    assert "Plus de personnes gardent leur logement</p>" in html
    assert "Certitude élevée, Amérique du Nord" in html
    assert (
        html.count('<span class="visually-hidden">Pas encore étudié</span>') == 9
    )  # ten domains, one measured
    assert "1 pratique, 10 domaines : 1 case renseignée, dont 0 par des études faites en France" in html
    crumbs = html.split('aria-label="Fil d\'Ariane"')[1].split("</nav>")[0]
    assert f'<a href="{vie.url}">Parcours de vie</a>' in crumbs
    assert '<span aria-current="page">Carte des preuves</span>' in crumbs


def test_with_french_evidence_only_a_cell_studied_abroad_shows_as_a_gap(
    client, practice, practice_index, theme
):
    french = factories.make_practice(practice_index, "Les directives anticipées", theme=theme)
    factories.add_outcome(
        french, "Hospitalisations sans consentement", "moins d'hospitalisations", "hospitalisation", "france"
    )
    html = client.get(MAP + "?preuves=francaises").content.decode()
    assert "Études faites en France ou dans un pays francophone, par pratique et par domaine" in html
    assert (
        "Étudié seulement hors de France" in html
    )  # Un chez soi d'abord's housing, studied in North America
    assert "Plus de personnes gardent leur logement" not in html
    assert "Moins d&#x27;hospitalisations</p>" in html
    assert 'value="francaises" id="preuves-francaises" checked' in html
    assert "2 pratiques, 10 domaines : 2 cases renseignées, dont 1 par des études faites en France" in html


def test_an_outcome_without_a_domain_stays_off_the_map(client, practice):
    factories.add_outcome(practice, "Coordination des acteurs", "les acteurs se parlent", domain="")
    html = client.get(MAP).content.decode()
    assert "Coordination des acteurs" not in html and "Les acteurs se parlent" not in html
    assert "les acteurs se parlent" in client.get(practice.url).content.decode()  # still on the practice page


@pytest.mark.parametrize(
    "query",
    [
        "preuves=",
        "preuves=" + "x" * 5000,
        "preuves=%00",
        "preuves=%ff%fe",
        "preuves=<script>alert(1)</script>",
        "preuves=francaise",
        "preuves[]=1",
    ],
)
def test_a_filter_that_does_not_exist_shows_all_studies_with_a_french_message(client, practice, query):
    response = client.get(f"{MAP}?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    if query.startswith("preuves="):
        assert "Ce choix d'études n'existe pas : toutes les études sont affichées." in html
    assert "<script>alert(1)</script>" not in html
    assert 'value="toutes" id="preuves-toutes" checked' in html
    assert "Plus de personnes gardent leur logement" in html


def test_the_map_takes_as_many_queries_for_one_practice_as_for_twenty(
    client, practice, practice_index, theme, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the rendering itself is counted, not the cached copy
    client.get(MAP)  # warm the per-process caches (site root paths, content generation)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MAP).status_code == 200
        return len(captured)

    one = queries()
    for n in range(19):
        added = factories.make_practice(practice_index, f"Pratique {n}", theme=theme)
        factories.add_outcome(added, f"Résultat {n}", domain="emploi")
        factories.add_outcome(added, f"Autre résultat {n}", domain="sante", context="france")
    assert queries() == one


def test_the_map_is_in_the_sitemap(client, practice):
    assert f"{MAP}</loc>" in client.get("/sitemap.xml").content.decode()


def test_a_published_change_shows_at_once_on_the_map_for_an_anonymous_reader(live_server, settings):
    """Through a real server, page cache on: the reader's cached map is dropped when the editor publishes a
    practice whose outcome moved to another domain (what the admin's « Publier » does)."""
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    theme = factories.make_theme(factories.make_parcours(home))
    page = factories.make_practice(factories.make_practice_index(home), theme=theme)
    factories.add_outcome(page)
    reader = Visitor(live_server.url)
    assert reader.get(MAP).status == 200
    cached = reader.get(MAP)
    assert cached.cache == "HIT" and "Plus de personnes gardent leur logement" in cached.text
    page.refresh_from_db()
    outcome = page.outcomes.get()
    outcome.domain = "retablissement"
    outcome.in_words = "les personnes se sentent mieux chez elles"
    page.outcomes = [outcome]
    page.save_revision().publish()
    html = reader.get(MAP).text
    assert "Les personnes se sentent mieux chez elles" in html and "gardent leur logement" not in html
