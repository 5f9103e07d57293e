"""The PTSM « fiche action » in a real browser: a reader opens it from the practice's level 5, axe finds nothing at
two sizes, the print button shows once JavaScript runs, and the printed sheet keeps its parts to complete while
the site's menus and the button are left out."""

import pytest

from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PRACTICE = "/bonnes-pratiques/vigilans/"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "375x740"])
def test_a_reader_opens_the_action_sheet_from_the_practice_and_prints_it(demo_site, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site + PRACTICE)
    page.get_by_text("Équipes d'appui", exact=False).first.click()  # opens level 5
    with page.expect_navigation():
        page.get_by_role("link", name="La fiche action de cette pratique, préremplie, à imprimer").click()
    assert page.url.endswith(PRACTICE + "fiche-action/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fiche action : VigilanS")
    assert page.get_by_role("heading", level=2).count() == 12
    assert page.get_by_role("button", name="Imprimer cette fiche").is_visible()
    assert page.get_by_role("table", name="Indicateurs proposés").get_by_role("rowheader").count() >= 4
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []

    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Imprimer cette fiche").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".to-fill").first.is_visible()
    assert page.locator(".to-fill").first.evaluate("el => getComputedStyle(el).minHeight") != "0px"
    context.close()
