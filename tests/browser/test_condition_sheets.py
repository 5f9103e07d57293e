"""« Comprendre les troubles » in a real browser: a reader goes from a practice to the plain-language sheet of its
condition and on to another practice, axe finds nothing at two sizes; an editor rewrites a sheet's summary in the
real Wagtail editor, publishes twice, reads it back unchanged, and an anonymous reader sees it at once on the
sheet and on the list of sheets."""

import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import admin_login, publish_from_editor
from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TYPED = (
    "Les émotions sont très fortes et changent vite. On peut apprendre à les apaiser. L'entourage aide aussi."
)


def anonymous_text(url):
    with urllib.request.urlopen(url) as reply:
        return reply.read().decode("utf-8")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "375x740"])
def test_a_reader_goes_from_a_practice_to_its_condition_sheet_and_on(demo_site, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site + "/bonnes-pratiques/profamille/")
    with page.expect_navigation():
        page.get_by_role("link", name="La schizophrénie").click()
    assert urlsplit(page.url).path == "/comprendre-les-troubles/la-schizophrenie/"
    assert page.get_by_role("heading", level=1).inner_text() == "La schizophrénie"
    assert "Elle ne remplace pas l'avis d'un médecin" in page.locator("main").inner_text()
    crumbs = page.get_by_role("navigation", name="Fil d'Ariane")
    assert crumbs.get_by_role("link", name="Comprendre les troubles").count() == 1
    helping = page.get_by_role("region", name="Les bonnes pratiques qui peuvent aider")
    assert helping.get_by_role("link", name="Un chez soi d'abord").count() == 1
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with page.expect_navigation():
        crumbs.get_by_role("link", name="Comprendre les troubles").click()
    assert page.get_by_role("link", name="Les troubles bipolaires").count() == 1
    assert axe_violations(page) == []
    context.close()


@pytest.fixture(scope="module")
def edited(demo_site, browser, django_db_blocker):
    """Outside any test transaction, as in test_easy_read: the editor's two saves and what a reader reads."""
    with django_db_blocker.unblock():
        return edit_and_read(demo_site, browser)


def edit_and_read(demo_site, browser):
    from parcours.models import ConditionPage

    sheet = ConditionPage.objects.live().get(slug="le-trouble-borderline")
    found = {"before": anonymous_text(demo_site + sheet.url), "messages": [], "read_back": []}
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    admin_login(page, demo_site, "admin")
    for _ in range(2):  # saved twice, read back unchanged
        page.goto(demo_site + f"/admin/pages/{sheet.pk}/edit/")
        page.fill("#id_summary", TYPED)
        found["messages"].append(publish_from_editor(page))
        page.goto(demo_site + f"/admin/pages/{sheet.pk}/edit/")
        found["read_back"].append(page.locator("#id_summary").input_value())
    context.close()
    reader = browser.new_context().new_page()  # anonymous, no cookie
    reader.goto(demo_site + sheet.url)
    found["after"] = reader.locator("main .lead").inner_text()
    reader.goto(demo_site + sheet.get_parent().url)
    found["index"] = reader.locator("main").inner_text()
    reader.context.close()
    return found


def test_a_sheet_summary_rewritten_in_the_editor_is_saved_twice_unchanged_and_shows_at_once(edited):
    assert all("publiée" in message for message in edited["messages"])
    assert edited["read_back"] == [TYPED, TYPED]
    assert TYPED not in edited["before"]
    assert edited["after"] == TYPED and TYPED in edited["index"]
