"""« Suivre cette pratique » in a real browser, at two sizes: a mistyped address comes back with its French error
and what was typed, the corrected one leads to « Vérifiez votre messagerie »; the confirmation and the
unsubscription pages are buttons a keyboard reaches; axe finds nothing on any of them."""

import pytest

from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PRACTICE = "/bonnes-pratiques/profamille/"


@pytest.fixture(scope="module", params=[DESKTOP, PHONE], ids=["1366x768", "375x740"])
def walked(request, demo_site, browser, django_db_blocker):
    """Outside any test transaction (the reads of the test would hold SQLite's lock against the server's writes)."""
    from alerts.models import Subscription

    viewport = request.param
    address = f"lecteur-{viewport['width']}@example.org"
    found = {"address": address, "violations": {}}
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    with django_db_blocker.unblock():
        try:
            page.goto(demo_site + PRACTICE)
            field = page.get_by_role("textbox", name="Votre adresse e-mail")
            field.fill("lecteur@example")
            with page.expect_navigation():
                field.press("Enter")
            found["error_heading"] = page.get_by_role("heading", level=1).inner_text()
            found["alert"] = page.get_by_role("alert").inner_text()
            field = page.get_by_role("textbox", name="Votre adresse e-mail")
            found["kept"] = (field.input_value(), field.get_attribute("aria-invalid"))
            found["violations"]["erreur"] = axe_violations(page)

            field.fill(address)
            with page.expect_navigation():
                page.get_by_role("button", name="Suivre cette pratique").click()
            found["sent_heading"] = page.get_by_role("heading", level=1).inner_text()
            found["violations"]["envoyé"] = axe_violations(page)

            token = Subscription.objects.get(email=address).token
            page.goto(f"{demo_site}/suivre-une-pratique/confirmer/{token}/")
            found["violations"]["confirmer"] = axe_violations(page)
            page.get_by_role("button", name="Je confirme").focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            found["confirmed"] = page.locator("main").inner_text()
            found["violations"]["confirmé"] = axe_violations(page)

            with page.expect_navigation():
                page.get_by_role("link", name="me désabonner").click()
            found["kept_data"] = page.locator("dl.kept-data").inner_text()
            found["violations"]["désabonnement"] = axe_violations(page)
            page.get_by_role("button", name="Me désabonner et effacer mon adresse").focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            found["done"] = page.locator("main").inner_text()
            found["left"] = Subscription.objects.filter(email=address).exists()
        finally:
            Subscription.objects.filter(email=address).delete()
            context.close()
    return found


def test_a_mistyped_address_comes_back_with_its_french_error_and_what_was_typed(walked):
    assert walked["error_heading"] == "Suivre « Profamille »"
    assert "Cette adresse e-mail n'est pas valide." in walked["alert"]
    assert walked["kept"] == ("lecteur@example", "true")
    assert walked["sent_heading"] == "Vérifiez votre messagerie"


def test_confirming_and_unsubscribing_are_buttons_a_keyboard_reaches_and_erase_the_address(walked):
    assert "C'est fait : vous recevrez un courriel quand cette pratique change." in walked["confirmed"]
    assert walked["address"] in walked["kept_data"]
    assert "Votre adresse est effacée : nous ne gardons rien." in walked["done"]
    assert walked["left"] is False


def test_every_page_of_the_subscription_has_no_axe_violation(walked):
    assert walked["violations"] == {name: [] for name in walked["violations"]}
    assert len(walked["violations"]) == 5
