"""A reader meets a difficult word on a practice page, in a real browser: a « ? » button next to it opens its
plain definition in place, with the keyboard, with a name a screen reader says; axe finds nothing on the page
nor on the glossary, at two sizes."""

import pytest

from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "375x740"])
def test_a_definition_opens_in_place_with_the_keyboard(demo_site, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site + "/bonnes-pratiques/un-chez-soi-d-abord/")
    button = page.locator(".terme__bouton").first
    assert button.count() == 1
    name = button.get_attribute("aria-controls")
    definition = page.locator(f"#{name}")
    assert button.get_attribute("aria-expanded") == "false" and definition.is_hidden()
    term = page.locator("a.terme").first.inner_text()
    assert page.get_by_role("button", name=f"Définition de « {term} »").count() >= 1
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and definition.is_visible()
    assert definition.get_by_role("link", name="Voir le glossaire").count() == 1
    page.keyboard.press("Enter")
    assert definition.is_hidden()
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "375x740"])
def test_the_glossary_page_lists_every_term_and_passes_axe(demo_site, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site + "/glossaire/")
    assert page.get_by_role("heading", level=1).inner_text() == "Glossaire"
    assert page.locator("dl.glossary dt").count() >= 40
    assert page.locator("#t-pair-aidance dfn").inner_text() == "pair-aidance"
    assert axe_violations(page) == []
    context.close()
