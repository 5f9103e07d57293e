"""An editor opens the French guide from the admin's « Aide » menu in a real browser, follows its table of
contents, and axe finds nothing in the guide itself (the admin around it is Wagtail's)."""

import pytest

from tests.browser.conftest import admin_login
from tests.browser.test_reading_experience import WCAG_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_an_editor_opens_the_guide_from_the_help_menu_and_follows_its_contents(demo_site, browser):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    admin_login(page, demo_site, "editrice")
    page.get_by_role("button", name="Aide").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Guide de l'éditeur (en français)").click()
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Guide de l'éditeur"
    page.get_by_role("navigation", name="Sommaire").get_by_role(
        "link", name="La version facile à lire"
    ).click()
    assert page.url.endswith("#facile-a-lire")
    assert page.get_by_role("heading", name="3. La version facile à lire").is_visible()
    results = Axe().run(
        page,
        context={"include": [[".editor-guide"]]},
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
    )
    assert [v["id"] for v in results.response["violations"]] == []
    context.close()
