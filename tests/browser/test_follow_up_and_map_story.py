"""In a real browser: a request gets its reference and follow-up link, the team moves it to « en cours » with a
message, the requester reads it; the request becomes a public project on the map. A team applies to become a
support team, the CRES accepts it in the admin, and the new team logs in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.browser.test_trainings_story import _site
from tests.trainings import builders

pytestmark = [pytest.mark.browser]


def _login(page, base, username, password, next_url):
    page.goto(f"{base}/compte/connexion/?next={next_url}")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.django_db(transaction=True)
def test_request_followed_to_a_project_on_the_map_and_a_new_team(live_server, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    from practices.roles import EDITORS

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    practice, team, member = _site()
    editor = get_user_model().objects.create_user("editrice", "editrice@example.org", builders.PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITORS))
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        reader = browser.new_context().new_page()
        reader.goto(f"{base}/solliciter-un-appui/pratique/{practice.slug}/")
        reader.get_by_label("Nom et prénom").fill("Léa Dupont")
        reader.get_by_label("Adresse électronique").fill("lea@example.org")
        reader.get_by_label("Structure").fill("CMP « Les Tilleuls »")
        reader.get_by_label("Fonction").fill("Cadre de santé")
        reader.get_by_label("Votre département (numéro)").fill("33")
        reader.get_by_label("Accompagnement à l'implantation").check()
        reader.get_by_label("Message").fill("Nous voulons ouvrir un site.")
        reader.get_by_label(re.compile("J'accepte")).check()
        reader.get_by_role("button", name="Envoyer ma demande").click()
        expect(reader.get_by_role("heading", name="Suivi de votre demande")).to_be_visible()
        reference = re.search(r"D-\d{4}-\d{5}", reader.locator("main").inner_text()).group(0)
        follow_up = reader.url

        team_page = browser.new_context().new_page()
        _login(team_page, base, member.username, builders.PASSWORD, f"/espace-equipe/{team.slug}/demandes/")
        team_page.get_by_label("État").select_option("en-cours")
        team_page.get_by_label(re.compile("Message à Léa Dupont")).fill("Nous vous appelons jeudi.")
        team_page.get_by_role("button", name="Mettre à jour").click()
        expect(team_page.get_by_text("La personne est prévenue par courriel.")).to_be_visible()
        notice = [m for m in mail.outbox if m.to == ["lea@example.org"] and "en cours" in m.subject]
        assert len(notice) == 1 and "Nous vous appelons jeudi." in notice[0].body
        reader.goto(follow_up)
        expect(reader.get_by_text("Nous vous appelons jeudi.")).to_be_visible()
        expect(reader.get_by_text("En cours", exact=True)).to_be_visible()

        team_page.goto(f"{base}/espace-equipe/{team.slug}/projets/")
        team_page.get_by_role("link", name=f"en faire un projet ({reference})").click()
        team_page.get_by_label("Installation", exact=True).check()
        team_page.get_by_label("Installation : depuis le").fill("2026-10-01")
        team_page.get_by_label(re.compile("La structure d'accueil accepte")).check()
        team_page.get_by_role("button", name="Enregistrer le projet").click()
        expect(
            team_page.get_by_text("Le projet est enregistré. Il est visible sur la carte.")
        ).to_be_visible()
        anonymous = browser.new_context().new_page()
        anonymous.goto(f"{base}/carte/")
        expect(anonymous.get_by_role("cell", name="CMP « Les Tilleuls »")).to_be_visible()
        assert anonymous.locator('path[data-code="33"][data-mark="projet"]').count() == 1

        applicant = browser.new_context().new_page()
        applicant.goto(f"{base}/devenir-equipe-d-appui/")
        applicant.locator("#id_practice").select_option(label=practice.title)
        for label, value in (
            ("Nom de l'équipe", "Équipe Ouest"),
            ("Structure porteuse", "CH de démonstration"),
            ("Ville", "Rennes"),
            ("Personne à contacter", "Alex Martin"),
            ("Adresse électronique", "alex@example.org"),
            ("2. Depuis quelle année", "2015"),
            ("1. Vous œuvrez en France", "En Bretagne."),
            ("3. Votre fidélité au modèle", "Échelle de fidélité en 2025."),
            ("4. Votre expérience de formation", "Douze sessions."),
            ("5. Ingénierie de projet : précisez", "Formation en cours."),
        ):
            applicant.get_by_label(re.compile("^" + re.escape(label))).fill(value)
        applicant.locator("#id_departement").select_option(label="Ille-et-Vilaine (35)")
        applicant.get_by_label("Nous sommes en train de les acquérir").check()
        applicant.get_by_label(re.compile("J'accepte")).check()
        applicant.get_by_role("button", name="Envoyer la candidature").click()
        expect(applicant.get_by_role("heading", name="Votre candidature est envoyée")).to_be_visible()

        admin = browser.new_context().new_page()
        _login(admin, base, "editrice", builders.PASSWORD, "/admin/candidatures-equipes-d-appui/")
        admin.get_by_role("link", name="Équipe Ouest").click()
        admin.get_by_label(re.compile("Accepter")).check()
        admin.get_by_role("button", name="Enregistrer la décision").click()
        expect(admin.get_by_text(re.compile("Candidature acceptée"))).to_be_visible()
        welcome = next(m for m in mail.outbox if m.to == ["alex@example.org"] and "acceptée" in m.subject)
        found = re.search(r"/compte/mot-de-passe/reinitialiser/\S+/", welcome.body)
        assert found, welcome.body
        link = found.group(0)
        username = re.search(r"Nom d'utilisateur\s*:\s*(\S+)", welcome.body).group(1)
        newcomer = browser.new_context().new_page()
        newcomer.goto(base + link)
        newcomer.locator("#id_new_password1").fill("Un-nouveau-mot-de-passe-2026")
        newcomer.locator("#id_new_password2").fill("Un-nouveau-mot-de-passe-2026")
        newcomer.locator("main button[type=submit], main input[type=submit]").first.click()
        _login(newcomer, base, username, "Un-nouveau-mot-de-passe-2026", "/espace-equipe/")
        expect(newcomer.get_by_role("heading", name="Équipe Ouest")).to_be_visible()
        browser.close()
