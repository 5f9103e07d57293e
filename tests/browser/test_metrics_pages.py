"""« Lilith en chiffres » and a team's figures in a real browser: no axe-core violation (WCAG 2.0/2.1 A and AA)
at desktop and phone sizes, no horizontal scroll of the page at 320 px, the chart described and its table
present. The demo history is generated first, so that the charts have bars."""

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_reading_experience import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def figures_audit(demo_site, browser, django_db_blocker):
    from django.core.management import call_command

    from parcours.demo.users import DEMO_PASSWORD, DEMO_TEAM_SLUG

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    findings = {}
    with django_db_blocker.unblock():
        call_command("load_metrics_demo", verbosity=0)
        for size_name, viewport in (
            ("bureau", DESKTOP),
            ("telephone", PHONE),
            ("320", {"width": 320, "height": 640}),
        ):
            context = browser.new_context(viewport=viewport, locale="fr-FR")
            page = context.new_page()
            pages = {"chiffres": "/lilith-en-chiffres/"}
            page.goto(demo_site + "/compte/connexion/")
            page.get_by_label("Nom d’utilisateur").fill("equipe-psycom")
            page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            pages["chiffres-equipe"] = f"/espace-equipe/{DEMO_TEAM_SLUG}/chiffres/"
            for name, path in pages.items():
                response = page.goto(demo_site + path)
                page.screenshot(path=str(ARTIFACTS / f"{name}-{size_name}.png"), full_page=True)
                findings[(name, size_name)] = {
                    "status": response.status,
                    "violations": axe_violations(page) if size_name != "320" else [],
                    "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
                    "bars": page.locator("svg[role=img] rect").count(),
                    "tables": page.locator("table caption").count(),
                }
            context.close()
    return findings


@pytest.mark.parametrize("name", ["chiffres", "chiffres-equipe"])
@pytest.mark.parametrize("size", ["bureau", "telephone"])
def test_the_figures_pages_have_no_accessibility_violation(figures_audit, name, size):
    found = figures_audit[(name, size)]
    assert found["status"] == 200 and found["violations"] == []


@pytest.mark.parametrize("name", ["chiffres", "chiffres-equipe"])
def test_the_figures_pages_have_charts_with_bars_and_their_tables_and_fit_a_small_phone(figures_audit, name):
    found = figures_audit[(name, "320")]
    assert found["bars"] > 0 and found["tables"] >= 2
    assert found["scroll_width"] <= 320
