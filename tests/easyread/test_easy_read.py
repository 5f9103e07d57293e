"""« Version facile à lire »: a practice or a theme with an easy-to-read text links it near its title; the text has
its own address under the page, with the page's breadcrumb and the way back; the mention « Facile à lire et à
comprendre » appears only once people concerned have checked it. Seen at once after a publication, through a
real server, by anonymous readers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.live import Visitor

FALC = "<p>La personne choisit un appartement.<br/>Une équipe vient l'aider chez elle.</p>"


@pytest.fixture
def practice_with_easy_read(practice):
    practice.falc_text = FALC
    practice.save_revision().publish()
    practice.refresh_from_db()
    return practice


def test_a_practice_with_an_easy_read_text_links_it_and_serves_it_under_its_address(
    client, practice_with_easy_read
):
    page = practice_with_easy_read
    html = client.get(page.url).content.decode()
    assert f'href="{page.url}facile-a-lire/">Version facile à lire</a>' in html
    response = client.get(page.url + "facile-a-lire/")
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        '<h1>Un chez soi d&#x27;abord<span class="easy-read__kind">Version facile à lire</span></h1>' in text
    )
    assert "La personne choisit un appartement.<br/>Une équipe vient l'aider chez elle." in text
    assert "Ce texte n'a pas encore été relu par des personnes concernées." in text
    assert "Facile à lire et à comprendre." not in text
    assert f'<li><a href="{page.url}">Un chez soi d&#x27;abord</a></li>' in text  # the breadcrumb goes back
    assert '<span aria-current="page">Version facile à lire</span>' in text
    assert f'<a href="{page.url}">Lire la version complète</a>' in text
    assert 'data-listen=".easy-read"' in text


def test_the_mention_appears_once_people_concerned_have_checked_the_text(client, practice_with_easy_read):
    page = practice_with_easy_read
    page.falc_checked_by = "Groupe de relecture du GEM (4 personnes)"
    page.falc_checked_on = datetime.date(2026, 11, 20)
    page.save_revision().publish()
    text = client.get(page.url + "facile-a-lire/").content.decode()
    assert (
        "<strong>Facile à lire et à comprendre.</strong> Relu par Groupe de relecture du GEM (4 personnes)"
        in text
    )
    assert "le 20 novembre 2026" in text
    assert "pas encore été relu" not in text


def test_a_page_without_easy_read_text_has_no_link_and_its_address_answers_404_in_french(
    client, practice, theme
):
    for page in (practice, theme):
        assert "Version facile à lire" not in client.get(page.url).content.decode()
        response = client.get(page.url + "facile-a-lire/")
        assert response.status_code == 404
        assert "<h1>Page introuvable</h1>" in response.content.decode()


def test_a_theme_may_have_its_easy_read_version_too(client, theme):
    theme.falc_text = "<h2>Aujourd'hui</h2><ul><li>D'abord, la personne a un logement.</li></ul>"
    theme.save_revision().publish()
    assert f'href="{theme.url}facile-a-lire/"' in client.get(theme.url).content.decode()
    text = client.get(theme.url + "facile-a-lire/").content.decode()
    assert "<li>D'abord, la personne a un logement.</li>" in text


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"falc_checked_on": datetime.date(2026, 1, 5)}, "falc_checked_by", "Dites qui a relu"),
        ({"falc_checked_by": "GEM de Lyon"}, "falc_checked_on", "Donnez la date"),
        (
            {"falc_checked_by": "GEM de Lyon", "falc_checked_on": datetime.date(2999, 1, 1)},
            "falc_checked_on",
            "dans le futur",
        ),
        (
            {"falc_text": "", "falc_checked_by": "GEM de Lyon", "falc_checked_on": datetime.date(2026, 1, 5)},
            "falc_text",
            "est vide",
        ),
    ],
)
def test_a_check_without_a_name_a_date_or_a_text_is_refused_in_french(
    practice_with_easy_read, fields, field, message
):
    page = practice_with_easy_read
    for name, value in fields.items():
        setattr(page, name, value)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_the_easy_read_version_is_in_the_sitemap_and_found_by_search(client, practice_with_easy_read):
    page = practice_with_easy_read
    assert f"{page.url}facile-a-lire/" in client.get("/sitemap.xml").content.decode()
    assert (
        page.title.replace("'", "&#x27;") in client.get("/recherche/", {"q": "appartement"}).content.decode()
    )


def test_the_easy_read_page_takes_no_more_queries_than_the_page_itself(
    client, practice_with_easy_read, settings
):
    settings.PAGE_CACHE_ENABLED = False
    url = practice_with_easy_read.url
    client.get(url + "facile-a-lire/")
    with CaptureQueriesContext(connection) as easy:
        client.get(url + "facile-a-lire/")
    with CaptureQueriesContext(connection) as full:
        client.get(url)
    assert len(easy) <= len(full)


def test_an_edit_shows_at_once_on_the_easy_read_page_for_an_anonymous_reader(live_server, settings):
    """Through a real server, page cache on: the reader's copy of the easy-to-read page is dropped when the
    editor publishes (what the admin's « Publier » does)."""
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    index = factories.make_practice_index(home)
    page = factories.make_practice(index, falc_text=FALC)
    reader = Visitor(live_server.url)
    url = page.url + "facile-a-lire/"
    assert reader.get(url).status == 200
    second = reader.get(url)
    assert second.cache == "HIT" and "choisit un appartement" in second.text
    page = page.specific.__class__.objects.get(pk=page.pk)
    page.falc_text = "<p>La personne choisit son logement.</p>"
    page.falc_checked_by = "GEM de Lyon"
    page.falc_checked_on = datetime.date(2026, 11, 20)
    page.save_revision().publish()
    html = reader.get(url).text
    assert "choisit son logement" in html and "choisit un appartement" not in html
    assert "Facile à lire et à comprendre." in html


def test_the_logo_an_editor_adds_shows_beside_checked_texts_only(live_server, settings):
    """The European logo is Inclusion Europe's: the site does not ship it. An editor adds it in the admin's
    setting (saved twice, read back unchanged); an anonymous reader then sees it on the checked easy-to-read
    page at once, through a real server with the page cache on, and never on a text not yet checked."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from parcours.demo.images import _draw
    from practices.roles import EDITORS

    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    index = factories.make_practice_index(home)
    checked = factories.make_practice(
        index, falc_text=FALC, falc_checked_by="GEM de Lyon", falc_checked_on=datetime.date(2026, 11, 20)
    )
    unchecked = factories.make_practice(index, "Le soutien à l'emploi", falc_text=FALC)
    logo = get_image_model()(title="Logo européen Facile à lire")
    logo.file = ImageFile(_draw("FALC", 120, 120), name="falc.png")
    logo.save()
    reader = Visitor(live_server.url)
    assert "easy-read__logo" not in reader.get(checked.url + "facile-a-lire/").text  # cached without a logo

    factories.make_staff("redactrice", EDITORS, "mot-de-passe-de-test")
    editor = Visitor(live_server.url)
    editor.log_in("redactrice", "mot-de-passe-de-test")
    form = f"/admin/settings/easyread/easyreadsettings/{home.get_site().pk}/"
    for _ in range(2):
        saved = editor.submit(form, {"logo": str(logo.pk)})
        assert saved.status == 200 and "error-message" not in saved.text, saved.text[:3000]
    assert editor.form(form)[1]["logo"] == [str(logo.pk)]

    html = reader.get(checked.url + "facile-a-lire/").text
    assert 'class="easy-read__logo"' in html and 'alt=""' in html
    assert "<strong>Facile à lire et à comprendre.</strong> Relu par GEM de Lyon" in html
    assert "easy-read__logo" not in reader.get(unchecked.url + "facile-a-lire/").text
