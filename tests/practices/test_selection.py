"""« Ma sélection »: up to four practices side by side, the selection held by the address (shareable, nothing
stored on the site), added and removed without JavaScript; damaged addresses get a French message, never an
error; the number of queries does not grow with the practices compared."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


@pytest.fixture
def four(practice, practice_index):
    others = [
        factories.make_practice(practice_index, title) for title in ("Le soutien à l'emploi", "Profamille")
    ]
    factories.add_outcome(others[0], "Accès à l'emploi", "plus de personnes travaillent", "emploi", "france")
    return [practice, *others, factories.make_practice(practice_index, "Le dialogue ouvert")]


def test_the_practice_page_offers_to_compare_it(client, practice):
    html = client.get(practice.url).content.decode()
    assert f'<a href="/ma-selection/?p={practice.pk}">Comparer cette pratique avec d\'autres</a>' in html
    assert f'data-select-practice="{practice.pk}"' in html  # the browser's « Ajouter à ma sélection »


def test_the_comparison_shows_the_practices_side_by_side_in_the_order_chosen(client, four):
    first, second = four[0], four[1]
    html = client.get(f"/ma-selection/?p={second.pk}&p={first.pk}").content.decode()
    assert '<caption id="comparaison">Comparaison de 2 pratiques</caption>' in html
    assert html.index(f'href="{second.url}"') < html.index(f'href="{first.url}"')
    for row in (
        "Niveau de preuve",
        "Ce que les études ont montré",
        "Une formation en France",
        "Équipes d'appui",
    ):
        assert f'<th scope="row">{row}</th>' in html
    assert "Accès à l&#x27;emploi : plus de personnes travaillent (certitude élevée, France)" in html
    assert "Équipe DIHAL" in html and "Aucune pour l'instant" in html
    assert f'href="/ma-selection/?p={first.pk}">Retirer' in html  # removing the second keeps the first
    assert f"http://testserver/ma-selection/?p={second.pk}&amp;p={first.pk}" in html  # the link to share
    assert f'<input type="hidden" name="p" value="{second.pk}">' in html  # the form adds to what is there
    assert f'<option value="{four[2].pk}">Profamille</option>' in html
    assert f'<option value="{first.pk}">' not in html


def test_a_full_selection_offers_no_more_and_a_fifth_is_refused_in_french(client, four, practice_index):
    fifth = factories.make_practice(practice_index, "Une cinquième")
    query = "&".join(f"p={p.pk}" for p in [*four, fifth])
    html = client.get(f"/ma-selection/?{query}").content.decode()
    assert "Une sélection compte 4 pratiques au plus : seules les 4 premières sont gardées." in html
    assert "Comparaison de 4 pratiques" in html and "Une cinquième" not in html
    assert "La sélection est pleine (4 pratiques)." in html


@pytest.mark.parametrize(
    "query",
    ["p=abc", "p=%00", "p=" + "9" * 50, "p=<script>alert(1)</script>", "p=999999", "p=%ff%fe", "p=1,,2,x"],
)
def test_a_damaged_address_is_read_as_far_as_possible_with_a_french_message(client, practice, query):
    response = client.get(f"/ma-selection/?p={practice.pk}&{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Certaines pratiques de ce lien n'existent plus ou l'adresse est abîmée" in html
    assert "Comparaison de 1 pratique</caption>" in html
    assert "<script>alert(1)</script>" not in html


def test_an_empty_selection_explains_how_to_fill_it(client, practice):
    html = client.get("/ma-selection/").content.decode()
    assert "Votre sélection est vide." in html
    assert f'<option value="{practice.pk}">' in html
    assert client.post("/ma-selection/").status_code == 405


def test_the_comparison_takes_as_many_queries_for_one_practice_as_for_three(client, four):
    def queries(practices):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ma-selection/?" + "&".join(f"p={p.pk}" for p in practices)).status_code == 200
        return len(captured)

    queries(four[:1])  # per-process caches warmed
    assert queries(four[:1]) == queries(four[:3])  # (four: the list of others to add is not needed)


def test_the_selection_is_offered_as_pdf_and_word_documents_read_back_as_typed(client, four):
    """Read as their readers open them (pypdf, python-docx): the five levels summarised, the teams' contacts, the
    sources and the date, with French text exactly as typed."""
    import io

    import docx
    from pypdf import PdfReader

    first, second = four[0], four[1]
    query = f"p={first.pk}&p={second.pk}"
    page = client.get(f"/ma-selection/?{query}").content.decode()
    assert f'href="/ma-selection/document.pdf?{query.replace("&", "&amp;")}" download' in page

    pdf = client.get(f"/ma-selection/document.pdf?{query}")
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="ma-selection-de-pratiques.pdf"' in pdf["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    word = client.get(f"/ma-selection/document.docx?{query}")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    joined = "\n".join(paragraphs)
    for content in (text, joined):
        for expected in (
            "Un chez soi d'abord",
            "1. Comprendre",
            "2. Description",
            "3. Niveau de preuve",
            "4. Publications et rapports",
            "5. Équipes d'appui",
            "La personne choisit son logement.",
            "doi:10.1002/wps.20349",
            "Équipe DIHAL",
            "Le soutien à l'emploi",
            "Accès à l'emploi : plus de personnes travaillent",
        ):
            assert expected in " ".join(content.split()), expected
        assert "&#x27;" not in content and "&amp;" not in content
    assert (
        "Document préparé le" in joined
        and "Aucune équipe d'appui n'accompagne encore cette pratique." in joined
    )


def test_a_document_of_no_practice_is_refused_in_french(client, practice):
    for suffix in ("pdf", "docx"):
        response = client.get(f"/ma-selection/document.{suffix}?p=abc")
        assert response.status_code == 400
        assert "Ce lien ne désigne aucune pratique publiée." in response.content.decode()
