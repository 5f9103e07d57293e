"""In a real browser: a team publishes a webinar, two readers register (the second waits), the first cancels through
the link in her e-mail, the second moves up and is told, the team marks attendance; then axe on every new page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from tests import factories
from tests.browser.conftest import ARTIFACTS, CHROMIUM_ARGS, chromium_path, save_screenshot
from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations
from tests.trainings import builders

pytestmark = [pytest.mark.browser]


def _site():
    factories.restore_migration_data()
    home = factories.make_home()
    practice_index = factories.make_practice_index(home)
    factories.make_team_index(home)
    practice = factories.make_practice(practice_index)
    team = factories.make_team(practice=practice)
    member = builders.make_member(team, "equipe-test")
    return practice, team, member


def _ics_of(message) -> Calendar:
    return Calendar.from_ical(
        next(content for name, content, _ in message.attachments if name.endswith(".ics"))
    )


@pytest.mark.django_db(transaction=True)
def test_webinar_story_in_the_browser(live_server, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    from implementation.models import ImplementationProject
    from practices.models import Departement
    from trainings.models import Registration, TrainingSession

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    practice, team, _member = _site()
    base = live_server.url
    day = (timezone.localdate() + datetime.timedelta(days=15)).isoformat()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        team_page = browser.new_page()
        team_page.goto(base + "/espace-equipe/")
        team_page.get_by_label("Nom d’utilisateur").fill("equipe-test")
        team_page.get_by_label("Mot de passe").fill(builders.PASSWORD)
        team_page.get_by_role("button", name="Se connecter").click()
        team_page.get_by_role("link", name="Publier et suivre les formations").click()
        team_page.get_by_role("link", name="Publier une nouvelle session").click()
        team_page.get_by_label("Titre").fill("Webinaire : découvrir « Un chez soi d'abord »")
        team_page.get_by_label("Webinaire").check()
        team_page.get_by_label("Début (heure de Paris)").fill(f"{day}T14:00")
        team_page.get_by_label("Fin (heure de Paris)").fill(f"{day}T15:30")
        team_page.get_by_label("Pour qui").fill("Équipes de secteur")
        team_page.get_by_label("Nombre de places").fill("1")
        team_page.get_by_role("button", name="Enregistrer la session").click()
        expect(team_page.get_by_text("La session est enregistrée. Elle est en ligne.")).to_be_visible()
        session = TrainingSession.objects.get()
        assert timezone.localtime(session.starts_at).strftime("%H:%M") == "14:00"

        def register(name, email):
            context = browser.new_context()
            reader = context.new_page()
            reader.goto(base + practice.url)
            reader.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            reader.get_by_role("link", name=session.title).click()
            reader.get_by_label("Nom et prénom").fill(name)
            reader.get_by_label("Adresse électronique").fill(email)
            reader.get_by_label("Structure").fill("CMP de démonstration")
            reader.get_by_label("Fonction").fill("Infirmière")
            reader.get_by_label("J'accepte").check()
            reader.get_by_role("button", name=re.compile("M'inscrire")).click()
            return context, reader

        first_context, first = register("Camille d'Arc", "camille@example.org")
        expect(first.get_by_text("Vous êtes inscrit.")).to_be_visible()
        confirmation = next(m for m in mail.outbox if m.to == ["camille@example.org"])
        event = _ics_of(confirmation).walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == session.title and event.decoded("DTSTART") == session.starts_at

        second_context, second = register("Dominique Roy", "dom@example.org")
        expect(
            second.get_by_text(re.compile("vous êtes sur la liste d'attente \\(rang 1\\)"))
        ).to_be_visible()

        cancel_path = re.search(r"/formations/inscription/\S+/annuler/", confirmation.body).group(0)
        first.goto(base + cancel_path)
        first.get_by_role("button", name="Oui, annuler mon inscription").click()
        expect(first.get_by_text("Votre inscription est annulée.")).to_be_visible()
        assert Registration.objects.get(email="dom@example.org").status == "inscrit"
        moved_up = [
            m for m in mail.outbox if m.to == ["dom@example.org"] and "Une place s'est libérée" in m.subject
        ]
        assert len(moved_up) == 1 and _ics_of(moved_up[0]).walk("VEVENT")
        second.reload()
        expect(second.get_by_text("Vous êtes inscrit.")).to_be_visible()

        team_page.goto(base + f"/espace-equipe/{team.slug}/formations/")
        team_page.get_by_role("link", name=f"Liste des présences : {session.title}").click()
        team_page.get_by_label(re.compile("Dominique Roy")).check()
        team_page.get_by_role("button", name="Enregistrer les présences").click()
        expect(team_page.get_by_text("Présences enregistrées : 1 sur 1 inscrits.")).to_be_visible()
        team_page.goto(base + f"/espace-equipe/{team.slug}/formations/")
        expect(team_page.get_by_text("1 session · 1 inscrit · 1 présent")).to_be_visible()

        # Pages to audit, with data on each: a project, a request and its follow-up page.
        ImplementationProject.objects.create(
            practice=practice,
            team=team,
            host_organisation="Association de test",
            departement=Departement.objects.get(code="33"),
            is_public=True,
            stage="exploration",
            exploration_on=timezone.localdate(),
        )
        from practices.models import TrainingRequest

        request = TrainingRequest.objects.create(
            team=team,
            practice=practice,
            name="Léa",
            email="lea@example.org",
            organisation="CMP",
            role="Cadre",
            kind="accompagnement",
            message="Bonjour",
            consent=True,
            departement=Departement.objects.get(code="13"),
        )
        registration = Registration.objects.get(email="dom@example.org")
        public = [
            "/formations/",
            session.get_absolute_url(),
            f"/formations/inscription/{registration.cancel_token}/",
            f"/formations/inscription/{registration.cancel_token}/annuler/",
            "/carte/",
            "/devenir-equipe-d-appui/",
            f"/solliciter-un-appui/suivi/{request.follow_up_token}/",
            "/solliciter-un-appui/suivi/",
            f"/solliciter-un-appui/pratique/{practice.slug}/",
            practice.url,
        ]
        private = [
            f"/espace-equipe/{team.slug}/formations/",
            f"/espace-equipe/{team.slug}/formations/nouvelle/",
            f"/espace-equipe/{team.slug}/formations/{session.pk}/presences/",
            f"/espace-equipe/{team.slug}/projets/",
            f"/espace-equipe/{team.slug}/projets/nouveau/",
            f"/espace-equipe/{team.slug}/lieux/",
        ]
        findings = {}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        storage = team_page.context.storage_state()
        for size_name, viewport in (("bureau", DESKTOP), ("telephone", PHONE)):
            for urls, state in ((public, None), (private, storage)):
                context = browser.new_context(viewport=viewport, locale="fr-FR", storage_state=state)
                page = context.new_page()
                for url in urls:
                    response = page.goto(base + url)
                    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                    name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")[:60] or "accueil"
                    save_screenshot(page, str(ARTIFACTS / f"formations-{name}-{size_name}.png"))
                    findings[(url, size_name)] = (
                        response.status,
                        axe_violations(page),
                        page.evaluate("document.documentElement.scrollWidth"),
                    )
                context.close()
        first_context.close()
        second_context.close()
        browser.close()
    for (url, size_name), (status, violations, width) in findings.items():
        assert status == 200, url
        assert violations == [], (url, size_name, violations)
        assert width <= (DESKTOP if size_name == "bureau" else PHONE)["width"], (url, size_name, width)
