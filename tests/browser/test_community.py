"""« Échanger » in a real browser, on the live demo site: a reader signs up, confirms the e-mail, asks a question
on « Un chez soi d'abord »; it waits; the support team answers; the moderator approves in the admin; the author
gets the reply by e-mail; the anonymous, cached practice page shows the thread at once. Then axe on every new
page at two sizes."""

import re
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PRACTICE = "/bonnes-pratiques/un-chez-soi-d-abord/"
PASSWORD = "une phrase de passe assez longue"
QUESTION = "Peut-on garder son chien dans le logement ?"


def shown(locator) -> bool:
    """Waits for the element (the page may still be loading after a click); False if it never shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        locator.first.wait_for(state="visible", timeout=10_000)
    except PlaywrightTimeout:
        return False
    return True


def login(page, base, username, password, admin=False):
    page.goto(base + ("/admin/login/" if admin else "/compte/connexion/"))
    if admin:
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        with page.expect_navigation():
            page.locator("form button[type=submit], form input[type=submit]").first.click()
    else:
        page.get_by_label("Nom d’utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Se connecter").click()


def make_staff(django_db_blocker):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from community.permissions import MODERATORS_GROUP
    from practices.models import SupportTeam, TeamMembership

    with django_db_blocker.unblock():
        User = get_user_model()
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        moderator = User.objects.filter(username="scenario-moderatrice").first() or User.objects.create_user(
            "scenario-moderatrice", "scenario-moderatrice@example.org", PASSWORD, is_staff=True
        )
        moderator.groups.add(group)
        team_user = User.objects.filter(username="scenario-equipe").first() or User.objects.create_user(
            "scenario-equipe", "scenario-equipe@example.org", PASSWORD
        )
        team = SupportTeam.objects.get(slug="un-chez-soi-d-abord-dihal")
        TeamMembership.objects.get_or_create(user=team_user, team=team)
        return team.name


@pytest.fixture(scope="module")
def story(demo_site, browser, django_db_blocker):
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command

    findings = {}
    previous = (settings.PAGE_CACHE_ENABLED, settings.WAGTAILADMIN_BASE_URL)
    settings.PAGE_CACHE_ENABLED, settings.WAGTAILADMIN_BASE_URL = True, demo_site
    # The live server's host:port is not the demo Site's: tell the purge about it, as a deployment would.
    settings.PAGE_CACHE_EXTRA_HOSTS = [urlparse(demo_site).netloc]
    mail.outbox = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        with django_db_blocker.unblock():
            call_command("load_community_demo", verbosity=0)
        team_name = make_staff(django_db_blocker)
        with django_db_blocker.unblock():
            anonymous = browser.new_context()
            reader_page = anonymous.new_page()
            reader_page.goto(demo_site + PRACTICE)
            findings["cached_before"] = reader_page.evaluate(
                "fetch(location.href, {cache: 'no-store'}).then(r => r.headers.get('X-Cache'))"
            )  # a second reader's request: now served from the page cache

            author = browser.new_context()
            page = author.new_page()
            page.goto(demo_site + PRACTICE)
            page.get_by_role("link", name="Poser une question ou témoigner").click()  # to the sign-up page
            page.get_by_role("textbox", name="Pseudonyme").fill("Scénario Aya")
            page.get_by_role("textbox", name="Adresse électronique").fill("aya@example.org")
            page.locator("#id_password1").fill(PASSWORD)
            page.get_by_label("Le même mot de passe, une seconde fois").fill(PASSWORD)
            page.get_by_label(re.compile("^Ce que j.écris ici")).check()
            page.get_by_role("button", name="Créer mon compte").click()
            findings["sent"] = shown(page.get_by_role("heading", name="Confirmez votre adresse"))
            confirmation = next(m for m in mail.outbox if m.to == ["aya@example.org"])
            link = re.search(r"https?://\S+", confirmation.body).group(0)
            findings["confirm_link"] = link
            page.goto(link)
            findings["confirmed"] = shown(page.get_by_text("Votre adresse est confirmée"))
            page.goto(demo_site + PRACTICE)
            page.get_by_role("link", name="Poser une question ou témoigner").click()
            page.get_by_label("Question").check()
            page.get_by_role("textbox", name="Titre").fill(QUESTION)
            page.get_by_label("Votre message").fill(
                "Mon chien m'accompagne depuis dix ans. Je ne veux pas le quitter."
            )
            page.get_by_role("button", name="Envoyer").click()
            findings["waiting"] = shown(page.get_by_role("heading", name="Votre message est bien reçu"))
            reader_page.goto(demo_site + PRACTICE)
            findings["hidden_while_pending"] = QUESTION in reader_page.locator("main").inner_text()

            team = browser.new_context()
            team_page = team.new_page()
            login(team_page, demo_site, "scenario-equipe", PASSWORD)
            team_page.goto(demo_site + "/communaute/moderation/")
            findings["team_queue"] = QUESTION in team_page.locator("main").inner_text()
            team_page.get_by_role("link", name=f"Répondre à ce fil : {QUESTION}").click()
            team_page.locator("#id_as_team").select_option(label=f"Au nom de l'équipe « {team_name} »")
            team_page.get_by_label("Votre réponse").fill(
                "Oui : vous choisissez votre logement, avec votre chien."
            )
            team_page.get_by_role("button", name="Envoyer ma réponse").click()
            findings["team_answered"] = shown(team_page.get_by_text("Votre réponse est enregistrée"))

            staff = browser.new_context()
            admin_page = staff.new_page()
            login(admin_page, demo_site, "scenario-moderatrice", PASSWORD, admin=True)
            admin_page.goto(demo_site + "/admin/echanges/moderation/")
            item = admin_page.locator(".moderation-item", has_text=QUESTION)
            item.get_by_role("button", name="Publier", exact=True).click()
            findings["approved_message"] = shown(admin_page.get_by_text("Le message est publié."))

            findings["reply_mail"] = [
                m for m in mail.outbox if m.to == ["aya@example.org"] and "répondu" in m.body
            ]
            # A reader arriving now (the first reader's browser may keep its copy for max-age=60 s, by design).
            later = browser.new_context()
            reader_page = later.new_page()
            findings["x_cache_after"] = reader_page.goto(demo_site + PRACTICE).headers.get("x-cache")
            findings["anonymous_after"] = reader_page.locator("#questions-et-echanges").inner_text()
            reader_page.screenshot(path=str(ARTIFACTS / "echanges-pratique.png"), full_page=True)
            reader_page.get_by_role("link", name=QUESTION).click()
            reader_page.wait_for_url("**/echanges/**")
            findings["thread_page"] = reader_page.locator("main").inner_text()
            findings["thread_path"] = urlparse(reader_page.url).path
            for context in (anonymous, author, team, staff, later):
                context.close()
    finally:
        settings.PAGE_CACHE_ENABLED, settings.WAGTAILADMIN_BASE_URL = previous
        del settings.PAGE_CACHE_EXTRA_HOSTS
    return findings


def test_reader_signs_up_with_an_absolute_confirmation_link(story, demo_site):
    assert story["sent"] and story["confirmed"]
    assert story["confirm_link"].startswith(demo_site + "/communaute/confirmer/")


def test_question_waits_for_moderation_and_is_not_shown_meanwhile(story):
    assert story["cached_before"] == "HIT"
    assert story["waiting"]
    assert not story["hidden_while_pending"]
    assert story["team_queue"]
    assert story["team_answered"]


def test_moderator_approves_and_the_anonymous_cached_page_shows_the_thread_at_once(story):
    assert story["approved_message"]
    assert story["x_cache_after"] == "MISS"  # purged by the decision, rendered again with the thread
    assert QUESTION in story["anonymous_after"]
    assert "Équipe d'appui" in story["anonymous_after"]
    assert "Oui : vous choisissez votre logement, avec votre chien." in story["thread_page"]


def test_author_receives_the_team_answer_by_email(story, demo_site):
    (message,) = story["reply_mail"]
    assert "Oui : vous choisissez votre logement, avec votre chien." in message.body
    assert demo_site + story["thread_path"] in message.body
    assert demo_site + "/communaute/ne-plus-suivre/" in message.body


def test_a_logged_in_member_reads_the_cached_page_with_their_own_part(
    story, demo_site, browser, django_db_blocker
):
    with django_db_blocker.unblock():
        anonymous = browser.new_context()
        anonymous.new_page().goto(demo_site + PRACTICE)  # the copy in the cache
        member = browser.new_context()
        page = member.new_page()
        login(page, demo_site, "Scénario Aya", PASSWORD)
        response = page.goto(demo_site + PRACTICE)
        x_cache = response.headers.get("x-cache")
        part = page.locator("[data-member-part]")
        filled = shown(part.get_by_text("Vous écrivez sous le pseudonyme"))
        text = part.inner_text() if filled else ""
        for context in (anonymous, member):
            context.close()
    assert x_cache == "HIT"  # the anonymous copy, served without rendering
    assert filled and "Scénario Aya" in text  # their own part, fetched by community/member.js


NEW_PAGES = {
    "charte": ("/echanges/charte/", None),
    "questionnaire": ("/votre-avis-sur-le-site/", None),
    "accueil-avec-sondage": ("/", None),
    "pratique-membre-connecte": (PRACTICE, "member"),
    "inscription": ("/communaute/inscription/", None),
    "fil": ("thread", None),
    "liste-des-fils": ("/echanges/pratique/un-chez-soi-d-abord/", None),
    "pratique-avec-echanges": (PRACTICE, None),
    "ecrire": ("/communaute/ecrire/un-chez-soi-d-abord/", "member"),
    "mon-compte": ("/communaute/mon-compte/", "member"),
    "moderation-equipe": ("/communaute/moderation/", "team"),
}


@pytest.fixture(scope="module")
def accessibility(story, demo_site, browser, django_db_blocker):
    findings = {}
    with django_db_blocker.unblock():
        for size_name, viewport in (("bureau", DESKTOP), ("telephone", PHONE)):
            contexts = {}
            for name, (path, who) in NEW_PAGES.items():
                if who not in contexts:
                    contexts[who] = browser.new_context(viewport=viewport, locale="fr-FR")
                    if who:
                        login(
                            contexts[who].new_page(),
                            demo_site,
                            *{"member": ("Scénario Aya", PASSWORD), "team": ("scenario-equipe", PASSWORD)}[
                                who
                            ],
                        )
                page = contexts[who].new_page()
                response = page.goto(demo_site + (story["thread_path"] if path == "thread" else path))
                page.screenshot(path=str(ARTIFACTS / f"echanges-{name}-{size_name}.png"), full_page=True)
                findings[(name, size_name)] = {
                    "status": response.status,
                    "violations": axe_violations(page),
                    "scroll": page.evaluate("document.documentElement.scrollWidth") <= viewport["width"],
                }
                page.close()
            for context in contexts.values():
                context.close()
    return findings


@pytest.mark.parametrize("size", ["bureau", "telephone"])
@pytest.mark.parametrize("name", list(NEW_PAGES))
def test_new_pages_have_no_axe_violation_and_no_sideways_scroll(accessibility, name, size):
    found = accessibility[(name, size)]
    assert found["status"] == 200
    assert found["violations"] == []
    assert found["scroll"]
