"""« Carte des preuves » in a real browser: a reader reaches it from the parcours, scrolls the table with the
keyboard, keeps French evidence only with the form; axe finds nothing at two sizes. An editor files an outcome
under another domain in the real Wagtail editor, publishes twice, reads it back unchanged, and an anonymous
reader sees the map change at once."""

import re

import pytest

from tests.browser.conftest import admin_login, publish_from_editor
from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MAP = "/parcours-de-soins/carte-des-preuves/"
SLUG = "vigilans"


def cells_of(page, title):
    """The row of a practice, as a screen reader reads it: its column headers and its cells' text."""
    headers = page.locator("table.evidence-map thead th").all_inner_texts()[1:]
    row = page.locator("table.evidence-map tbody tr").filter(has=page.get_by_role("link", name=title))
    return dict(zip(headers, row.locator("td").all_inner_texts(), strict=True))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "375x740"])
def test_a_reader_reaches_the_map_from_the_parcours_and_keeps_french_evidence_only(
    demo_site, browser, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site + "/parcours-de-soins/")
    with page.expect_navigation():
        page.get_by_role("link", name="Carte des preuves de ce parcours").click()
    assert page.url.endswith(MAP)
    assert page.get_by_role("heading", level=1).inner_text() == "Carte des preuves : parcours de soins"
    table = page.get_by_role("table", name="Toutes les études, par pratique et par domaine")
    assert table.get_by_role("columnheader", name="Hospitalisation et crise").count() == 1
    assert table.get_by_role("rowheader").count() >= 10
    region = page.get_by_role("region", name="Toutes les études, par pratique et par domaine")
    region.focus()
    page.keyboard.press("ArrowRight")
    if viewport is PHONE:
        assert region.evaluate("el => el.scrollLeft") > 0  # the table scrolls sideways, not the page
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []

    page.get_by_role("radio", name=re.compile("Seulement les études faites en France")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher").click()
    assert "preuves=francaises" in page.url
    assert page.get_by_role("table", name=re.compile("^Études faites en France")).count() == 1
    assert "Étudié seulement hors de France" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    context.close()


@pytest.fixture(scope="module")
def edited(demo_site, browser, django_db_blocker):
    """Outside any test transaction; the demo's domain is put back afterwards, for the other browser tests."""
    import pagecache
    from practices.models import PracticeOutcome

    with django_db_blocker.unblock():
        outcome = PracticeOutcome.objects.get(page__slug=SLUG, outcome="Nouvelles tentatives de suicide")
        try:
            yield edit_and_read(demo_site, browser)
        finally:
            PracticeOutcome.objects.filter(page__slug=SLUG).update(domain=outcome.domain)
            pagecache.purge_everything("test")


def edit_and_read(demo_site, browser):
    from practices.models import PracticeOutcome, PracticePage

    practice = PracticePage.objects.live().get(slug=SLUG)
    found = {"before": anonymous_cells(browser, demo_site, practice.title), "messages": [], "read_back": []}
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    admin_login(page, demo_site, "admin")
    for attempt in range(2):  # saved twice, read back unchanged
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        page.get_by_role("tab", name=re.compile("Niveau 3")).focus()
        page.keyboard.press("Enter")
        domain = page.locator("select[name='outcomes-0-domain']")
        if attempt == 0:
            found["hint"] = page.locator("[data-contentpath='domain']").first.inner_text()
            domain.select_option(label="Symptômes et santé")
        found["messages"].append(publish_from_editor(page))
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        found["read_back"].append(
            (
                PracticeOutcome.objects.get(page=practice).domain,
                page.locator("select[name='outcomes-0-domain']").input_value(),
            )
        )
    context.close()
    found["after"] = anonymous_cells(browser, demo_site, practice.title)
    return found


def anonymous_cells(browser, base, title):
    """A new reader each time: the browser's own cache must not answer for the site's."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + MAP)
    cells = cells_of(page, title)
    context.close()
    return cells


def test_an_editor_files_an_outcome_under_another_domain_and_the_map_follows(edited):
    assert "carte des preuves" in edited["hint"]
    assert all("publiée" in message for message in edited["messages"])
    assert edited["read_back"] == [("sante", "sante"), ("sante", "sante")]
    assert "Moins de nouvelles tentatives" in edited["before"]["Hospitalisation et crise"]
    assert "Moins de nouvelles tentatives" in edited["after"]["Symptômes et santé"]
    assert "Pas encore étudié" in edited["after"]["Hospitalisation et crise"]
