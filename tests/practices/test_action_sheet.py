"""« Fiche action » for a territorial mental-health project (PTSM): each practice offers a printable sheet in the
sections a PTSM is written in, pre-filled from its five levels (priorities suggested from its outcomes, the
outcomes as objectives and indicators, resources, support teams with their contacts, sources), the rest framed
« À compléter ». The number of queries does not grow with the content."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


def sheet_of(client, practice):
    response = client.get(practice.url + "fiche-action/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_practice_page_links_its_action_sheet(client, practice):
    html = client.get(practice.url).content.decode()
    assert (
        f'<a href="{practice.url}fiche-action/">La fiche action de cette pratique, préremplie, à imprimer</a>'
        in html
    )


def test_the_action_sheet_is_pre_filled_from_the_five_levels(client, practice):
    html = sheet_of(client, practice)
    assert "<h1>Fiche action : Un chez soi d&#x27;abord</h1>" in html
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings[:12] == [
        "1. Intitulé de l'action",
        "2. Priorités du PTSM",
        "3. Constat et objectifs",
        "4. Public visé",
        "5. Description de l'action",
        "6. Niveau de preuve",
        "7. Porteur et partenaires",
        "8. Ressources nécessaires",
        "9. Calendrier",
        "10. Indicateurs de suivi et d'évaluation",
        "11. Équipe d'appui",
        "12. Sources",
    ]
    assert "Un logement ordinaire tout de suite, avec une équipe qui accompagne." in html
    # the housing outcome suggests priorities 2 and 6 of the 2017 decree
    assert "<li>Priorité 2 : Le parcours de santé et de vie de qualité et sans rupture" in html
    assert "<li>Priorité 6 : L&#x27;action sur les déterminants sociaux" in html
    assert "Priorité 4" not in html
    assert "Maintien dans le logement : plus de personnes gardent leur logement (certitude élevée" in html
    assert '<th scope="row">Maintien dans le logement</th>' in html  # also an indicator to follow
    assert '<th scope="row">Nombre de personnes accompagnées</th>' in html
    assert "Pas encore d&#x27;outil de fidélité en français" in html
    assert "<li>Une équipe d&#x27;appui active : oui.</li>" in html
    assert "<strong>Équipe DIHAL</strong> (DIHAL, Paris)" in html
    assert "doi:10.1002/wps.20349" in html
    assert "depuis la page « Un chez soi d&#x27;abord », mise à jour le" in html
    assert f"http://localhost{practice.url}</p>" in html  # the address, absolute, for the printed sheet
    assert html.count('class="to-fill"') == 5  # the parts only the territory knows
    crumbs = html.split('aria-label="Fil d\'Ariane"')[1].split("</nav>")[0]
    assert f'<a href="{practice.url}">Un chez soi d&#x27;abord</a>' in crumbs
    assert '<span aria-current="page">Fiche action</span>' in crumbs


def test_a_practice_without_outcomes_or_team_leaves_those_parts_to_complete(client, practice_index):
    bare = factories.make_practice(practice_index, "Une pratique nouvelle")
    html = sheet_of(client, bare)
    assert "À compléter : les priorités du décret du 27 juillet 2017" in html
    assert "Aucune équipe d'appui n'accompagne encore cette pratique." in html
    assert "Le niveau de preuve n'est pas encore évalué." in html
    assert "Aucune publication n'est encore référencée." in html


def test_a_draft_practice_has_no_action_sheet(client, practice_index):
    draft = factories.make_practice(practice_index, "Un brouillon", live=False)
    response = client.get(f"/bonnes-pratiques/{draft.slug}/fiche-action/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_the_action_sheet_is_in_the_sitemap(client, practice):
    assert f"{practice.url}fiche-action/</loc>" in client.get("/sitemap.xml").content.decode()


def test_the_action_sheet_takes_as_many_queries_with_one_item_as_with_ten(client, practice, settings):
    settings.PAGE_CACHE_ENABLED = False  # the rendering itself is counted

    def queries():
        with CaptureQueriesContext(connection) as captured:
            sheet_of(client, practice)
        return len(captured)

    queries()  # per-process caches warmed
    one = queries()
    for n in range(9):
        factories.add_outcome(practice, f"Résultat {n}", domain="emploi")
        factories.add_publication(practice)
        factories.make_team(f"Équipe {n}", practice=practice)
    assert queries() == one
