"""A reader in distress, in a real browser: the help box comes first, is readable and tappable, axe finds
nothing;
the home page shows the 3114 line within one screen."""

import pytest

from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "375x740"])
@pytest.mark.parametrize("words", ["envie de mourir", "xylophone"], ids=["distress", "no-result"])
def test_the_help_box_is_first_accessible_and_tappable(demo_site, browser, viewport, words):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site + "/")
    page.get_by_label("Rechercher sur le site").fill(words)
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/**")
    box = page.locator(".help-box")
    assert box.count() == 1
    assert box.is_visible()
    call = box.get_by_role("link", name="Appeler le 3114")
    assert call.get_attribute("href") == "tel:3114"
    for name, href in (
        ("appeler le 15", "tel:15"),
        ("le 112", "tel:112"),
        ("envoyer un SMS au 114", "sms:114"),
    ):
        assert box.get_by_role("link", name=name).get_attribute("href") == href
    if words == "envie de mourir":
        # before the results: the box is above the results' heading
        assert box.bounding_box()["y"] < page.locator("#resultats").bounding_box()["y"]
        if viewport == DESKTOP:
            assert (
                call.bounding_box()["y"] + call.bounding_box()["height"] <= viewport["height"]
            )  # no scrolling
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, {"width": 1280, "height": 720}], ids=["1366x768", "1280x720"])
def test_the_home_page_shows_the_3114_line_without_scrolling(demo_site, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site + "/")
    link = page.locator('main a[href="tel:3114"]')
    assert link.is_visible()
    assert link.bounding_box()["y"] + link.bounding_box()["height"] <= viewport["height"]
    assert page.evaluate("document.documentElement.scrollHeight") <= viewport["height"]
    context.close()
