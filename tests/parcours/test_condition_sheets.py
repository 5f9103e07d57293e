"""« Comprendre les troubles »: a plain-language sheet per condition lists the practices filed under it, each of
those practices links back to it, and a change on either side is seen at once by anonymous readers through a
real server, page cache on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.models import ConditionIndexPage, ConditionPage
from practices.models import Condition
from tests import factories
from tests.live import Visitor


def make_sheets(home):
    index = factories.publish(
        home, ConditionIndexPage(title="Comprendre les troubles", slug="comprendre-les-troubles")
    )
    condition, _ = Condition.objects.get_or_create(slug="schizophrenie", defaults={"name": "Schizophrénie"})
    sheet = factories.publish(
        index,
        ConditionPage(
            title="La schizophrénie",
            slug="la-schizophrenie",
            condition=condition,
            summary="La schizophrénie est une maladie. On peut bien vivre avec.",
        ),
    )
    return index, sheet, condition


@pytest.fixture
def sheets(practice, home):
    index, sheet, condition = make_sheets(home)
    return index, sheet, condition


def test_a_sheet_lists_the_practices_filed_under_its_condition_and_they_link_it(client, sheets, practice):
    index, sheet, condition = sheets
    assert (
        "Aucune bonne pratique n'est encore classée sous ce trouble."
        in client.get(sheet.url).content.decode()
    )
    assert 'class="condition-sheets"' not in client.get(practice.url).content.decode()
    practice.conditions.add(condition)
    practice.save_revision().publish()
    text = client.get(sheet.url).content.decode()
    assert f'href="{practice.url}"' in text and "Les bonnes pratiques qui peuvent aider" in text
    assert "Elle ne remplace pas l'avis d'un médecin" in text
    page = client.get(practice.url).content.decode()
    assert f'Comprendre le trouble : <a href="{sheet.url}">La schizophrénie</a>' in page
    listing = client.get(index.url).content.decode()
    assert f'<a href="{sheet.url}">La schizophrénie</a>' in listing
    assert f'<li><a href="{index.url}">Comprendre les troubles</a></li>' in listing  # the footer names it


def test_a_sheet_is_found_by_site_search(client, sheets):
    assert "Fiche sur un trouble" in client.get("/recherche/", {"q": "schizophrénie"}).content.decode()


def test_a_sheet_takes_the_same_queries_with_one_or_many_practices(client, sheets, practice, settings):
    settings.PAGE_CACHE_ENABLED = False
    index, sheet, condition = sheets
    practice.conditions.add(condition)

    def count():
        client.get(sheet.url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(sheet.url).status_code == 200
        return len(ctx)

    one = count()
    for n in range(5):
        other = factories.make_practice(practice.get_parent(), title=f"Pratique {n}")
        other.conditions.add(condition)
    assert count() == one


def test_filing_a_practice_under_a_condition_shows_at_once_on_its_sheet(live_server, settings):
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    index = factories.make_practice_index(home)
    practice = factories.make_practice(index, title="Un chez soi d'abord")
    _, sheet, condition = make_sheets(home)
    reader = Visitor(live_server.url)
    for url in (sheet.url, practice.url):
        reader.get(url)
        assert reader.get(url).cache == "HIT"
    practice = practice.__class__.objects.get(pk=practice.pk)
    practice.conditions.add(condition)
    practice.save_revision().publish()
    assert f'href="{practice.url}"' in reader.get(sheet.url).text
    assert f'<a href="{sheet.url}">La schizophrénie</a>' in reader.get(practice.url).text
    sheet = ConditionPage.objects.get(pk=sheet.pk)
    sheet.title = "La schizophrénie, en mots simples"
    sheet.save_revision().publish()
    assert "La schizophrénie, en mots simples</a>" in reader.get(practice.url).text
