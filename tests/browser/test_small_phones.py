"""A reader on a small phone (320 × 568, the smallest screen still sold): the header leaves room for the page's
title, the main menu folds behind « Menu » (and stays open without JavaScript), the search button says its whole
word, nothing scrolls sideways (the PositiveHub grid included), every visible text is at the 18 px base, and the
evidence badges reach a 7:1 contrast."""

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_reading_experience import open_all_levels

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SMALL = {"width": 320, "height": 568}
PAGES = {
    "accueil": "/",
    "theme": "/parcours-de-vie/le-logement/",
    "pratique": "/bonnes-pratiques/un-chez-soi-d-abord/",
    "fiche-trouble": "/comprendre-les-troubles/la-schizophrenie/",
    "recherche": "/recherche/?q=logement",
    "echelle": "/comprendre-les-niveaux-de-preuve/",
    "equipes": "/equipes-d-appui/",
}

MEASURE = """() => {
  const header = document.querySelector('.site-header').getBoundingClientRect();
  const title = document.querySelector('main h1').getBoundingClientRect();
  const button = document.querySelector('.search-form button');
  const small = [];
  for (const el of document.querySelectorAll('body *')) {
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text || el.closest('.visually-hidden') || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 17.95) small.push(`${el.tagName.toLowerCase()}.${el.className} ${size.toFixed(1)}px`);
  }
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const badges = [...document.querySelectorAll('.grade')].map(el => {
    const s = getComputedStyle(el); const a = lum(rgb(s.color)), b = lum(rgb(s.backgroundColor));
    return [el.textContent.trim(), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
  return {header: header.height, title_bottom: title.bottom, scroll_width: document.documentElement.scrollWidth,
          button_clipped: button.scrollWidth > button.clientWidth, small, badges};
}"""


@pytest.fixture(scope="module")
def call_page(demo_site, django_db_blocker):
    """A PositiveHub call with its published grid, for its public page; removed after the module."""
    from tests.hub import builders

    with django_db_blocker.unblock():
        call = builders.make_call(year=2031)
    yield f"/positivehub/{call.slug}/"
    with django_db_blocker.unblock():
        call.delete()


@pytest.fixture(scope="module")
def measured(demo_site, browser, call_page, django_db_blocker):
    with django_db_blocker.unblock():
        context = browser.new_context(viewport=SMALL, locale="fr-FR")
        page = context.new_page()
        found = {}
        for name, path in {**PAGES, "appel": call_page}.items():
            page.goto(demo_site + path)
            open_all_levels(page)
            found[name] = page.evaluate(MEASURE)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.goto(demo_site + PAGES["pratique"])
        page.screenshot(path=str(ARTIFACTS / "pratique-320x568.png"))
        context.close()
    return found


def test_the_header_leaves_the_page_title_on_the_first_screen(measured):
    shares = {name: round(m["header"] / SMALL["height"], 2) for name, m in measured.items()}
    assert all(share <= 0.3 for share in shares.values()), shares
    below = {name: m["title_bottom"] for name, m in measured.items() if m["title_bottom"] > SMALL["height"]}
    assert below == {}


def test_the_search_button_shows_its_whole_word(measured):
    assert [name for name, m in measured.items() if m["button_clipped"]] == []


def test_nothing_scrolls_sideways_the_hub_grid_included(measured):
    widths = {name: m["scroll_width"] for name, m in measured.items()}
    assert all(width <= SMALL["width"] for width in widths.values()), widths


def test_every_visible_text_is_at_the_18_pixel_base(measured):
    small = {name: m["small"] for name, m in measured.items() if m["small"]}
    assert small == {}


def test_evidence_badges_reach_seven_to_one(measured):
    badges = [badge for m in measured.values() for badge in m["badges"]]
    assert {code for code, _ in badges} >= {"A", "B", "C", "?"}
    assert [(code, round(ratio, 2)) for code, ratio in badges if ratio < 7] == []


def test_the_menu_folds_behind_a_button_that_says_whether_it_is_open(demo_site, browser):
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    page.goto(demo_site + "/")
    toggle = page.get_by_role("button", name="Menu")
    menu = page.get_by_role("navigation", name="Menu principal")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.get_by_role("link", name="Besoin de soutien ?").is_visible()
    assert page.get_by_label("Rechercher sur le site").is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Parcours de vie"
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    page.set_viewport_size({"width": 1366, "height": 768})  # a wide screen shows the menu, and no button
    assert menu.is_visible() and not toggle.is_visible()
    context.close()


def test_without_javascript_the_menu_is_always_shown(demo_site, browser):
    context = browser.new_context(viewport=SMALL, java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/")
    assert (
        page.get_by_role("navigation", name="Menu principal")
        .get_by_role("link", name="PositiveHub")
        .is_visible()
    )
    assert page.locator(".menu-toggle").is_hidden()
    context.close()
