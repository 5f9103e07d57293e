"""An editor writes a lead in the Wagtail editor, in a real browser: the « Lisibilité » panel under the field
gives its figures at once and follows what is typed (sentences over 15 words, acronyms, the glossary's terms),
in French."""

import pytest

from tests.browser.conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TYPED = (
    "Le PTSM organise le rétablissement des personnes qui vivent avec des troubles psychiques graves "
    "dans leur territoire avec leurs proches et les équipes."
)


def test_the_panel_follows_what_the_editor_types_in_the_lead(demo_site, browser, django_db_blocker):
    from practices.models import PracticePage
    from readability.measure import measure

    with django_db_blocker.unblock():
        practice = PracticePage.objects.live().get(slug="un-chez-soi-d-abord")
        saved = measure(practice.summary)
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    admin_login(page, demo_site, "editrice")
    page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
    panel = page.locator('[data-readability-for="id_summary"]')
    assert f"{saved.words} mots, {saved.sentences} phrase" in panel.inner_text()
    assert "Kandel et Moles" in panel.inner_text()

    page.fill("#id_summary", TYPED)
    page.locator("#id_summary").dispatch_event("input")
    report = panel.locator("[data-readability-report]")
    report.get_by_text("Phrases de plus de 15 mots : 1 sur 1").wait_for()
    text = report.inner_text()
    assert "Sigles : PTSM" in text
    assert "Mots du glossaire : PTSM, rétablissement" in text
    assert "coupez-les" in text
    # The « Comprendre » text (rich text) has its own panel too.
    assert page.locator('[data-readability-for="id_explanation"]').count() == 1
    context.close()
