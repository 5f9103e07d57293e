"""One happy path in a real browser: an applicant signs up, fills the five steps and submits."""

import datetime as dt
import os

import pytest
from django.core import mail
from django.utils import timezone

from hub.models import Application, CallStatus

from . import builders as b

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def serious_violations(page):
    """axe-core on the rendered page: serious or critical problems (the site's CSS is not written yet, so the
    colour contrast is left to the design work)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["help"])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") and v["id"] != "color-contrast"
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_applicant_applies_in_five_steps_in_the_browser(live_server, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    now = timezone.now()
    call = b.make_call(
        year=now.year,
        status=CallStatus.OPEN,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        review_opens_at=now + dt.timedelta(days=31),
        review_deadline=now + dt.timedelta(days=60),
        consensus_deadline=now + dt.timedelta(days=70),
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/positivehub/inscription/")
        for field, value in {
            "first_name": "Léa",
            "last_name": "Martin",
            "email": "lea@example.org",
            "password1": "un-mot-de-passe-sûr-42",
            "password2": "un-mot-de-passe-sûr-42",
            "organisation_name": "Les Pairs de Québec",
        }.items():
            page.fill(f"#id_{field}", value)
        page.select_option("#id_time_zone", "America/Toronto")
        page.select_option("#id_legal_form", "association")
        page.select_option("#id_country", "CA")
        page.click("text=Créer mon compte")
        expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()
        page.goto(live_server.url + b.signup_link(mail.outbox, "lea@example.org"))
        expect(page.get_by_role("heading", name="Mes candidatures")).to_be_visible()

        page.goto(f"{live_server.url}/positivehub/{call.slug}/")
        page.click("text=Déposer une candidature")
        page.click("text=Commencer la candidature")
        expect(page.get_by_text("Étape 1 sur 5")).to_be_visible()
        page.fill("#id_city", "Québec")
        page.click("text=Enregistrer et continuer")
        expect(page.get_by_text("Étape 2 sur 5")).to_be_visible()
        assert serious_violations(page) == []
        page.fill("#id_title", "Cafés rétablissement")
        for field in ("summary_public", "practice", "population"):
            page.fill(f"#id_{field}", "Texte de la candidature.")
        page.fill("#id_project_start", "2026-09-01")
        page.fill("#id_duration_months", "12")
        page.check("#id_maturity_0")
        page.click("text=Enregistrer et continuer")
        expect(page.get_by_text("Étape 3 sur 5")).to_be_visible()
        for field in ("evidence", "innovation", "transferability", "participation_ethics"):
            page.fill(f"#id_{field}", "Texte de la candidature.")
        page.click("text=Enregistrer et continuer")
        expect(page.get_by_text("Étape 4 sur 5")).to_be_visible()
        page.fill("#id_rh-0-role_label", "Coordination")
        page.fill("#id_rh-0-fte", "1")
        page.fill("#id_rh-0-months", "12")
        page.click("text=Enregistrer et continuer")
        expect(page.get_by_text("Étape 5 sur 5")).to_be_visible()
        page.click(
            "text=Déposer ma candidature"
        )  # nothing attached, no consent yet: the list of what is missing
        expect(page.get_by_text("Répondez à la question sur le référencement public.")).to_be_visible()
        assert serious_violations(page) == []
        page.fill("#id_label", "Budget")
        page.set_input_files(
            "#id_file",
            files=[{"name": "budget.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
        )
        page.click("text=Ajouter la pièce")
        expect(page.get_by_text("Pièce jointe ajoutée.")).to_be_visible()
        page.check("#id_public_listing_consent_0")
        page.click("text=Enregistrer ma réponse")
        page.click("text=Déposer ma candidature")
        expect(page.get_by_text("Votre candidature est déposée")).to_be_visible()
        browser.close()
    application = Application.objects.get()
    assert application.status == "submitted" and len(application.snapshot_hash) == 64


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width, height", [(1280, 900), (375, 740)])
def test_the_public_pepite_pages_pass_axe_on_a_wide_and_a_phone_screen(
    live_server, monkeypatch, width, height
):
    """The pépites list (filtered), a pépite's page, the priorities and the committee, at two screen sizes."""
    from playwright.sync_api import expect, sync_playwright

    from hub.models import PublicListing
    from hub.services import selection

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call = b.make_call(status=CallStatus.DELIBERATION, n_selected=1, n_laureates=1)
    chair = b.make_expert("chair", call, role="chair", affiliation="Université Laval", public_consent=True)
    user, org = b.make_applicant("porteur", "Les Entendeurs de Voix", country="BE")
    application = b.make_application(call, org, user, n=1, title="Les entendeurs de voix")
    b.make_consensus(application, 9)
    run = selection.run_selection(call, chair.user)
    selection.finalise_run(run, chair.user)
    selection.confirm_run(run, b.make_secretariat())
    selection.publish_results(call, chair.user)
    listing = PublicListing.objects.get()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{live_server.url}/positivehub/")
        page.click("text=Les pépites")
        expect(page.get_by_role("heading", name="Les pépites du PositiveHub")).to_be_visible()
        page.select_option("#id_pays", "BE")
        page.click("text=Afficher")
        expect(page.get_by_role("heading", name="1 pépite")).to_be_visible()
        assert serious_violations(page) == []
        page.click(f"text={listing.public_title}")
        expect(page.get_by_role("heading", name=listing.public_title)).to_be_visible()
        expect(page.get_by_text("Lauréate (Parcours émergence)")).to_be_visible()
        assert serious_violations(page) == []
        for path, heading in (
            ("/positivehub/priorites/", "priorités du comité scientifique"),
            ("/positivehub/comite-scientifique/", "Le comité scientifique international"),
        ):
            page.goto(live_server.url + path)
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
            assert serious_violations(page) == []
        expect(page.get_by_text("Université Laval")).to_be_visible()
        browser.close()
