"""An editor marks a passage in another language in the real Wagtail editor (the EN button of the rich-text
toolbar) and gives a publication the language of its title; both are saved twice and read back unchanged, and an
anonymous reader's page carries `lang` on exactly those words, as a screen reader needs."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import admin_login, publish_from_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SLUG = "suivi-intensif-dans-la-communaute"
ENGLISH = "Assertive Community Treatment"
TYPED = f"En anglais, on dit {ENGLISH}."


@pytest.fixture(scope="module")
def edited(demo_site, browser, django_db_blocker):
    """Outside any test transaction, as in test_easy_read: the editor's two saves and what a reader reads."""
    with django_db_blocker.unblock():
        return edit_and_read(demo_site, browser)


def edit_and_read(demo_site, browser):
    from practices.models import PracticePage, Publication

    practice = PracticePage.objects.live().get(slug=SLUG)
    publication = practice.publications.order_by("sort_order").first()
    Publication.objects.filter(pk=publication.pk).update(
        title_language=""
    )  # as content typed before the field
    found = {"title": publication.title, "read_back": [], "messages": []}
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    admin_login(page, demo_site, "admin")
    for attempt in range(2):  # saved twice, read back unchanged
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        if attempt == 0:
            editor = page.locator("[data-contentpath='explanation'] [contenteditable='true']").first
            editor.click()
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.type(TYPED)
            page.keyboard.press("ArrowLeft")  # before the full stop
            for _ in ENGLISH:
                page.keyboard.press("Shift+ArrowLeft")
            page.locator("[data-contentpath='explanation'] button[name=LANG_EN]").click()
            # Draftail writes the marked words into its form field a moment later.
            expect(page.locator("#id_explanation")).to_have_value(re.compile("LANG_EN"))
            page.get_by_role("tab", name=re.compile("Publications")).click()
            page.select_option("#id_publications-0-title_language", "en")
        found["messages"].append(publish_from_editor(page))
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        saved = PracticePage.objects.get(pk=practice.pk)
        found["read_back"].append(
            (
                saved.explanation,
                page.locator("#id_publications-0-title_language").input_value(),
            )
        )
    context.close()
    reader = browser.new_context().new_page()  # anonymous
    reader.goto(demo_site + practice.url)
    reader.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    found["english"] = reader.locator("main [lang='en']").all_inner_texts()
    # the words as read, without the glossary's « ? » buttons and definitions that a term in a title opens
    found["cited"] = reader.evaluate(
        """() => [...document.querySelectorAll("cite[lang='en']")].map(cite => {
             const copy = cite.cloneNode(true);
             copy.querySelectorAll('button, .terme__definition').forEach(e => e.remove());
             return copy.textContent.replace(/\\s+/g, ' ').trim(); })"""
    )
    reader.context.close()
    return found


def test_a_passage_marked_english_in_the_editor_is_saved_twice_and_read_in_english(edited):
    assert all("publiée" in message for message in edited["messages"])
    first, second = edited["read_back"]
    assert first == second
    assert f'<span lang="en">{ENGLISH}</span>' in first[0]
    assert ENGLISH in [text.strip() for text in edited["english"]]


def test_a_title_given_its_language_in_the_editor_is_cited_in_that_language(edited):
    assert [language for _, language in edited["read_back"]] == ["en", "en"]
    assert edited["title"] in edited["cited"]
