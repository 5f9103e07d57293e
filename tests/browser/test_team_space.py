"""A support team member logs in, changes the phone number, and sees it on the public sheet."""

import pytest

from tests.browser.conftest import ARTIFACTS

# django_db: so the test database exists even when only browser tests are selected.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def team_member_story(demo_site, browser, django_db_blocker):
    from parcours.demo.users import DEMO_PASSWORD, DEMO_TEAM_SLUG

    with django_db_blocker.unblock():
        page = browser.new_page()
        page.goto(demo_site + "/espace-equipe/")  # not logged in: sent to the login page
        page.get_by_label("Nom d’utilisateur").fill("equipe-psycom")
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("link", name="Mettre à jour la fiche de l'équipe").click()
        page.locator("#id_phone").fill("01 99 00 42 42")  # the team's own number (contacts have theirs too)
        page.get_by_role("button", name="Enregistrer la fiche").click()
        confirmation = page.get_by_text("La fiche est à jour et en ligne.").is_visible()
        page.goto(demo_site + f"/equipes-d-appui/{DEMO_TEAM_SLUG}/")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "equipe-apres-modification.png"), full_page=True)
        public_text = page.locator("main").inner_text()
        page.close()
    return {"confirmation": confirmation, "public_text": public_text}


def test_team_member_edits_the_phone_and_sees_it_on_the_public_page(team_member_story):
    assert team_member_story["confirmation"]
    assert "01 99 00 42 42" in team_member_story["public_text"]
