"""What readers type, read back through the live server on its own port, as a browser would ask for it."""

import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def get(live_server, path: str, **params: str) -> tuple[int, str]:
    url = f"{live_server.url}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 — the test's own live server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def found(html: str) -> list[str]:
    """The titles of the results, in order, without the <mark> around the searched words."""
    return [
        re.sub(r"<[^>]+>", "", t).replace("&#x27;", "'")
        for t in re.findall(r'<li class="result">.*?<h3><a href="[^"]*">(.*?)</a></h3>', html, re.S)
    ]


def test_a_plural_finds_the_singular(live_server, library):
    status, html = get(live_server, "/recherche/", q="logements")
    assert status == 200
    assert "Un chez soi d'abord" in found(html)
    assert "Le logement" in found(html)
    assert "<mark>logement</mark>" in html


def test_a_word_typed_without_its_accent_finds_the_page(live_server, library):
    assert "Profamille" in found(get(live_server, "/recherche/", q="schizophrene")[1])
    assert "Profamille" in found(get(live_server, "/recherche/", q="SCHIZOPHRÈNE")[1])


def test_a_capitalised_word_with_its_accent_finds_the_page(live_server, library):
    titles = found(get(live_server, "/recherche/", q="Rétablissement")[1])
    assert "Le rétablissement" in titles
    assert "Journée du rétablissement à Lyon" in titles


def test_a_typo_finds_the_page_and_says_which_word_was_meant(live_server, library):
    status, html = get(live_server, "/recherche/", q="logment")
    assert status == 200
    assert "Vouliez-vous dire" in html and "«\u00a0logement\u00a0»" in html
    assert "Un chez soi d'abord" in found(html)


def test_a_synonym_added_by_an_editor_in_the_admin_is_used_at_once(live_server, library, admin_client):
    assert found(get(live_server, "/recherche/", q="job")[1]) == []
    response = admin_client.post(
        "/admin/snippets/search/synonym/add/", {"term": "job", "alternatives": "travail, l'emploi"}
    )
    assert response.status_code == 302
    titles = found(get(live_server, "/recherche/", q="job")[1])
    assert "Le soutien à l'emploi IPS" in titles and "Le travail" in titles
    # Saved again, the alternatives keep their apostrophe, not an escaped copy of it.
    from search.models import Synonym

    synonym = Synonym.objects.get(term="job")
    admin_client.post(
        f"/admin/snippets/search/synonym/edit/{synonym.pk}/",
        {"term": "job", "alternatives": synonym.alternatives},
    )
    synonym.refresh_from_db()
    assert synonym.alternatives == "travail, l'emploi"


def test_the_seeded_synonyms_lead_from_readers_words_to_the_sites_words(live_server, library):
    assert "Le soutien à l'emploi IPS" in found(get(live_server, "/recherche/", q="emploi")[1])
    assert "Profamille" in found(get(live_server, "/recherche/", q="mon fils")[1])  # → famille, proches


def test_two_words_find_the_pages_that_have_both(live_server, library):
    titles = found(get(live_server, "/recherche/", q="logement équipe")[1])
    assert "Un chez soi d'abord" in titles
    assert "Le soutien à l'emploi IPS" not in titles  # « logement » but no « équipe »


def test_two_words_that_no_page_has_together_find_the_pages_with_either(live_server, library):
    _, html = get(live_server, "/recherche/", q="schizophrénie conseiller")
    assert "Aucune page ne contient tous vos mots" in html
    titles = found(html)
    assert "Profamille" in titles and "Le soutien à l'emploi IPS" in titles


def test_filters_alone_list_the_practices_with_the_number_each_choice_gives(live_server, library):
    status, html = get(live_server, "/recherche/", niveau="A")
    assert status == 200
    assert sorted(found(html)) == ["Profamille", "Un chez soi d'abord"]
    assert re.search(r'<option value="A" selected>A — Efficacité établie \(2\)</option>', html)
    assert re.search(r'<option value="B">B — Efficacité probable \(1\)</option>', html)
    assert found(get(live_server, "/recherche/", region="11", public="proches")[1]) == ["Profamille"]
    assert found(get(live_server, "/recherche/", theme=str(library.travail.pk))[1]) == [
        "Le soutien à l'emploi IPS"
    ]
    assert found(get(live_server, "/recherche/", departement="75")[1]) == ["Un chez soi d'abord"]
    assert sorted(found(get(live_server, "/recherche/", parcours="soins", type="pratique")[1])) == [
        "Profamille"
    ]
    assert found(get(live_server, "/recherche/", trouble="schizophrenie", q="logement")[1]) == [
        "Un chez soi d'abord"
    ]


def test_no_word_and_no_filter_lists_everything_a_reader_may_look_for(live_server, library):
    status, html = get(live_server, "/recherche/")
    titles = found(html) + found(get(live_server, "/recherche/", page="2")[1])
    for title in (
        "Un chez soi d'abord",
        "Le travail",
        "Journée du rétablissement à Lyon",
        "Qui sommes-nous ?",
        "Équipe marseillaise",
        "Besoin de soutien ?",
        "Appel à pépites 2026",
        "Parcours de soins",
    ):
        assert title in titles, title
    assert f"{len(titles)} résultats" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Marseille", "Équipe marseillaise"),  # a support team's sheet
        ("soutien", "Besoin de soutien ?"),  # the help page
        ("pair-aidance", "Appel à pépites 2026"),  # a PositiveHub call
        ("échanges", "Journée du rétablissement à Lyon"),  # news
        ("réseau", "Qui sommes-nous ?"),  # a standard page
    ],
)
def test_everything_public_is_found(live_server, library, query, expected):
    assert expected in found(get(live_server, "/recherche/", q=query)[1])


def test_a_practice_published_by_an_editor_is_found_at_once(live_server, library):
    from tests import factories

    assert found(get(live_server, "/recherche/", q="jardinage")[1]) == []
    index = library.chez_soi.get_parent()
    factories.make_practice(index, title="Jardins partagés", summary="Le jardinage ensemble, entre voisins.")
    assert "Jardins partagés" in found(get(live_server, "/recherche/", q="jardinages")[1])


def test_a_distress_query_shows_the_help_box_before_any_result(live_server, library):
    status, html = get(live_server, "/recherche/", q="j'ai envie de mourir")
    assert status == 200
    box = html.index('class="help-box"')
    assert box < html.index('id="resultats"')
    for href in (
        'href="tel:3114"',
        'href="tel:15"',
        'href="tel:112"',
        'href="sms:114"',
        'href="tel:0800235236"',
    ):
        assert href in html
    assert html.count('class="help-box"') == 1


def test_every_page_without_results_shows_the_help_box(live_server, library):
    _, html = get(live_server, "/recherche/", q="xylophone")
    assert "Aucun résultat" in html
    assert 'class="help-box"' in html and 'href="tel:3114"' in html
    status, html = get(live_server, "/recherche/", q="logement", type="actualite")
    assert "Aucun résultat" in html and 'class="help-box"' in html


def test_an_ordinary_query_does_not_show_the_help_box(live_server, library):
    assert 'class="help-box"' not in get(live_server, "/recherche/", q="logement")[1]


@pytest.mark.parametrize(
    "raw",
    [
        "q=%00",
        "q=logement%00",
        "q=%ff%fe%fd",
        "q=" + "a" * 20_000,
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=logement&niveau=%00",
        "q=logement&theme=abc",
        "q=logement&page=%ff",
        "q=%22%27%29%3B--",
        "q=*&type=%3Cb%3E",
        "q=NEAR%28a+b%29+OR+%22",
        "niveau=A&niveau=B",
        "q=" + "%C3%A9" * 5_000,
    ],
)
def test_odd_input_never_fails(live_server, library, raw):
    try:
        with urllib.request.urlopen(f"{live_server.url}/recherche/?{raw}") as response:  # noqa: S310
            status, html = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, html = error.code, error.read().decode()
    assert status in (200, 400)
    assert "<script>alert" not in html
    assert "Rechercher" in html
    if status == 400:
        assert "caractère invisible" in html


def test_search_is_never_kept_by_the_page_cache(live_server, library, settings):
    settings.PAGE_CACHE_ENABLED = True
    with urllib.request.urlopen(f"{live_server.url}/recherche/") as response:  # noqa: S310
        assert "no-store" in response.headers["Cache-Control"]
        assert response.headers.get("X-Cache") is None


@pytest.mark.parametrize("query", ["a" * 100_000, "logement " * 12_000, "\x00" * 100_000, "é" * 100_000])
def test_a_100_kb_query_gets_a_page_not_an_error(client, library, query):
    """100 KB do not fit in a URL the servers accept (they answer 414 first): Django's own answer is
    checked."""
    response = client.get("/recherche/", {"q": query})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "seuls les 200 premiers caractères" in html or "caractère invisible" in html
