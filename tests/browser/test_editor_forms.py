"""An editor who is not technical files a practice in the real Wagtail editor: publics, conditions and regions are
checkboxes with a plain French hint, the address and the GRADE certainty are explained; a condition ticked there
is saved twice unchanged and the condition's plain-language sheet lists the practice at once for a reader."""

import re

import pytest

from tests.browser.conftest import admin_login, publish_from_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SLUG = "soutien-par-les-pairs"


@pytest.fixture(scope="module")
def edited(demo_site, browser, django_db_blocker):
    """Outside any test transaction, as in test_easy_read: what the editor saw, saved and read back."""
    with django_db_blocker.unblock():
        return edit_and_read(demo_site, browser)


def open_tab(page, name):
    """As a keyboard user does: the minimap's floating button may cover a tab at this width."""
    page.get_by_role("tab", name=name).focus()
    page.keyboard.press("Enter")


def edit_and_read(demo_site, browser):
    from practices.models import PracticePage

    practice = PracticePage.objects.live().get(slug=SLUG)
    found = {"messages": [], "read_back": []}
    sheet = demo_site + "/comprendre-les-troubles/la-depression/"
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(sheet)
    found["listed_before"] = page.locator(f"main a[href='{practice.url}']").count()
    admin_login(page, demo_site, "admin")
    for attempt in range(2):  # saved twice, read back unchanged
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        open_tab(page, "Classement")
        depression = page.get_by_role("checkbox", name="Dépression")
        if attempt == 0:
            panel = page.get_by_role("tabpanel", name="Classement")
            found["checkboxes"] = panel.get_by_role("checkbox").count()
            found["hints"] = panel.inner_text()
            open_tab(page, "Référencement")
            found["slug_hint"] = page.get_by_role("tabpanel", name="Référencement").inner_text()
            open_tab(page, re.compile("Niveau 3"))
            found["grade_hint"] = page.get_by_role("tabpanel", name=re.compile("Niveau 3")).inner_text()
            open_tab(page, "Classement")
            depression.check()
        found["messages"].append(publish_from_editor(page))
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        open_tab(page, "Classement")
        found["read_back"].append(
            sorted(PracticePage.objects.get(pk=practice.pk).conditions.values_list("slug", flat=True))
            + [page.get_by_role("checkbox", name="Dépression").is_checked()]
        )
    context.close()
    reader = browser.new_context().new_page()  # anonymous
    reader.goto(sheet)
    found["listed_after"] = reader.locator(f"main a[href='{practice.url}']").count()
    reader.context.close()
    return found


def test_taxonomies_are_checkboxes_with_a_plain_hint_and_the_address_and_grade_are_explained(edited):
    assert edited["checkboxes"] >= 4 + 7 + 13  # publics, conditions, regions
    assert "Cochez les troubles ou situations" in edited["hints"]
    assert "Cochez les régions où une équipe met déjà la pratique en œuvre." in edited["hints"]
    assert "La fin de l'adresse de la page" in edited["slug_hint"]
    assert "domain.com" not in edited["slug_hint"]
    assert "selon la méthode GRADE" in edited["grade_hint"]


def test_a_condition_ticked_by_the_editor_is_saved_twice_and_its_sheet_lists_the_practice_at_once(edited):
    assert all("publiée" in message for message in edited["messages"])
    first, second = edited["read_back"]
    assert first == second and "depression" in first and first[-1] is True
    assert edited["listed_before"] == 0
    assert edited["listed_after"] == 1
