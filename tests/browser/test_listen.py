"""« Écouter cette page », in a real browser: the page is read by the browser's own speech synthesis, in French,
from its title, with nothing sent anywhere; a device without a voice says so; without JavaScript no dead button."""

import pytest

from tests.browser.test_reading_experience import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PRACTICE = "/bonnes-pratiques/un-chez-soi-d-abord/"
THEME = "/parcours-de-vie/le-logement/"
# What the page asks the browser to say, kept as it passes to the real speech synthesis.
LISTEN_TO_SPEECH = """
window.__spoken = [];
const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
window.speechSynthesis.speak = (u) => { window.__spoken.push({text: u.text, lang: u.lang}); speak(u); };
"""


def listen_to(browser, base, path):
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(LISTEN_TO_SPEECH)
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    requests_after = []
    page.on("request", lambda request: requests_after.append(request.url))
    page.get_by_role("button", name="Écouter cette page").click()
    page.wait_for_function("window.__spoken.length > 0")
    spoken = page.evaluate("window.__spoken")
    return context, page, spoken, requests_after


@pytest.mark.parametrize("path", [PRACTICE, THEME], ids=["pratique", "theme"])
def test_a_reader_hears_the_page_in_french_from_its_title_and_nothing_leaves_the_browser(
    demo_site, browser, path
):
    context, page, spoken, requests_after = listen_to(browser, demo_site, path)
    title = page.locator("h1").inner_text()
    assert spoken[0]["text"].startswith(title)
    assert {s["lang"] for s in spoken} == {"fr-FR"}
    said = " ".join(s["text"] for s in spoken)
    assert "Écouter cette page" not in said
    assert len(said) > 300
    if path == PRACTICE:
        assert "Niveau 3 sur 5" in said  # closed levels are read too
    assert requests_after == []
    context.close()


def test_a_device_without_a_voice_tells_the_reader_instead_of_staying_silent(demo_site, browser):
    # Headless Chromium has no synthesis voice, as some real devices: the reading fails, and the page says so.
    context, page, _, _ = listen_to(browser, demo_site, PRACTICE)
    status = page.get_by_role("status").filter(has_text="voix de synthèse")
    status.wait_for()
    assert "réglages d’accessibilité" in status.inner_text()
    assert page.get_by_role("button", name="Écouter cette page").is_visible()
    assert axe_violations(page) == []
    context.close()


def test_without_javascript_the_page_shows_no_dead_button(demo_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + PRACTICE)
    assert page.get_by_text("Écouter cette page").is_visible() is False
    # Nor the video's play button, which only the script can use (the link to the video stays).
    assert page.get_by_text("Lire la vidéo sur").is_visible() is False
    assert page.get_by_role("heading", level=1).is_visible()
    context.close()
