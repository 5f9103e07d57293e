"""The easy-to-read version in a real browser: a reader finds it from the practice, reads it with its breadcrumb
and its way back, axe finds nothing at two sizes; an editor writes one in the real Wagtail editor, records who
checked it, publishes twice and reads it back unchanged, and an anonymous reader sees it at once."""

import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import admin_login, publish_from_editor
from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TYPED = "Le programme aide les enfants à dire ce qu'ils ressentent."
CHECKED_BY = "Groupe de relecture « Nous aussi » (démonstration)"


def status_of(url):
    try:
        with urllib.request.urlopen(url) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def anonymous_text(url):
    with urllib.request.urlopen(url) as reply:
        return reply.read().decode("utf-8")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "375x740"])
def test_a_reader_goes_to_the_easy_read_version_and_back(demo_site, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site + "/bonnes-pratiques/un-chez-soi-d-abord/")
    with page.expect_navigation():
        page.get_by_role("link", name="Version facile à lire").click()
    assert urlsplit(page.url).path == "/bonnes-pratiques/un-chez-soi-d-abord/facile-a-lire/"
    assert "Version facile à lire" in page.get_by_role("heading", level=1).inner_text()
    crumbs = page.get_by_role("navigation", name="Fil d'Ariane")
    assert crumbs.get_by_role("link", name="Un chez soi d'abord").count() == 1
    assert "pas encore été relu par des personnes concernées" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with page.expect_navigation():
        page.get_by_role("link", name="Lire la version complète").click()
    assert urlsplit(page.url).path == "/bonnes-pratiques/un-chez-soi-d-abord/"  # the site adds the open level
    context.close()


@pytest.fixture(scope="module")
def edited(demo_site, browser, django_db_blocker):
    """Outside any test transaction, as in test_outcome_in_words: the editor's two saves and what a reader reads."""
    with django_db_blocker.unblock():
        return edit_and_read(demo_site, browser)


def edit_and_read(demo_site, browser):
    from practices.models import PracticePage

    practice = PracticePage.objects.live().get(slug="prodas")
    url = demo_site + practice.url + "facile-a-lire/"
    found = {"before": status_of(url)}
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    admin_login(page, demo_site, "admin")
    found["messages"], found["read_back"] = [], []
    for _ in range(2):  # saved twice, read back unchanged
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        page.get_by_role("tab", name="Facile à lire").click()
        editor = page.locator("[data-contentpath='falc_text'] [contenteditable='true']").first
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type(TYPED)
        # Draftail writes what was typed into its form field a moment later, as a person's next click allows.
        expect(page.locator("#id_falc_text")).to_have_value(re.compile("ressentent"))
        page.fill("#id_falc_checked_by", CHECKED_BY)
        page.fill("#id_falc_checked_on", "2026-11-20")
        page.keyboard.press("Escape")
        found["messages"].append(publish_from_editor(page))
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        found["read_back"].append(
            (
                PracticePage.objects.get(pk=practice.pk).falc_text,
                page.locator("#id_falc_checked_by").input_value(),
            )
        )
    context.close()
    found["after"] = anonymous_text(url)
    found["practice"] = anonymous_text(demo_site + practice.url)
    return found


def test_an_easy_read_text_written_in_the_editor_is_saved_twice_unchanged_and_shows_at_once(edited):
    assert all("publiée" in message for message in edited["messages"])
    first, second = edited["read_back"]
    assert first == second and TYPED in first[0] and first[1] == CHECKED_BY
    assert edited["before"] == 404  # no easy-to-read version yet
    assert TYPED in edited["after"]
    assert "Facile à lire et à comprendre." in edited["after"]
    assert (
        "Relu par Groupe de relecture « Nous aussi » (démonstration) le 20 novembre 2026" in edited["after"]
    )
    assert "Version facile à lire" in edited["practice"]
