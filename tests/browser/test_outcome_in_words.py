"""An editor says in plain words what an outcome changes, in the real Wagtail editor, and an anonymous reader
reads it at once beside the effect's direction (no arrow that reads as « more emergency visits »)."""

import urllib.request

import pytest

from tests.browser.conftest import admin_login, publish_from_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WORDS = "une classe plus calme, où l'on dit mieux ses émotions"


def anonymous_text(url):
    with urllib.request.urlopen(url) as reply:
        return reply.read().decode("utf-8")


@pytest.fixture(scope="module")
def edited(demo_site, browser, django_db_blocker):
    """Outside any test transaction (a read held open would lock SQLite against the server's writes): the
    editor's two saves, and what an anonymous reader reads before and after. The database blocker is global:
    unblocked here, the live server thread can use the database."""
    with django_db_blocker.unblock():
        return edit_and_read(demo_site, browser)


def edit_and_read(demo_site, browser):
    from practices.models import PracticePage

    practice = PracticePage.objects.live().get(slug="prodas")
    found = {"demo_words": practice.outcomes.first().in_words, "url": demo_site + practice.url}
    found["before"] = anonymous_text(found["url"])
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    admin_login(page, demo_site, "admin")
    found["messages"], found["read_back"] = [], []
    for _ in range(2):  # saved twice, read back unchanged
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        page.get_by_role("tab", name="Niveau 3 : Preuves").click()
        page.fill("#id_outcomes-0-in_words", WORDS)
        found["messages"].append(publish_from_editor(page))
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        found["read_back"].append(page.locator("#id_outcomes-0-in_words").input_value())
    context.close()
    found["after"] = anonymous_text(found["url"])
    return found


def test_readers_see_the_direction_in_words_and_no_arrow(edited):
    assert "↑" not in edited["before"]
    assert f"Effet favorable : {edited['demo_words']}" in edited["before"].replace("&#x27;", "'")


def test_an_outcome_said_in_plain_words_is_saved_twice_unchanged_and_shows_at_once(edited):
    assert all("publiée" in message for message in edited["messages"])
    assert edited["read_back"] == [WORDS, WORDS]
    assert f"Effet favorable : {WORDS}".replace("'", "&#x27;") in edited["after"]
