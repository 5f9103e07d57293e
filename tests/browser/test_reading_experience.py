"""What a reader does in a real browser: accessibility (axe-core, WCAG 2.0/2.1 A and AA), one-screen home,
no horizontal scroll, three clicks to any practice, keyboard use, the video facade, and search."""

from urllib.parse import urljoin, urlparse

import pytest

from tests.browser.conftest import ARTIFACTS

# django_db: so the test database exists even when only browser tests are selected.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 740}
HOME_SCREENS = [{"width": 1366, "height": 768}, {"width": 1280, "height": 720}]


def page_types(base):
    from parcours.models import NewsPage, StandardPage
    from practices.models import SupportTeam

    news = NewsPage.objects.live().order_by("-date").first()
    standard = StandardPage.objects.live().get(slug="accessibilite")
    team = SupportTeam.objects.order_by("name").first()
    return {
        "accueil": "/",
        "parcours": "/parcours-de-vie/",
        "theme": "/parcours-de-vie/le-logement/",
        "pratique": "/bonnes-pratiques/un-chez-soi-d-abord/",
        "equipes": "/equipes-d-appui/",
        "equipe": team.public_url,
        "actualites": "/actualites/",
        "actualite": news.url,
        "recherche-resultats": "/recherche/?q=logement",
        "recherche-vide": "/recherche/?q=xylophone",
        "page-simple": standard.url,
        "echelle": "/comprendre-les-niveaux-de-preuve/",
        "soutien": "/besoin-de-soutien/",
        "404": "/cette-page-n-existe-pas/",
    }


def open_all_levels(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        (v["id"], v["impact"], [n["html"][:120] for n in v["nodes"][:2]])
        for v in results.response["violations"]
    ]


def home_height(browser, base, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base + "/")
    height = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    return height


def clicks_to_pages(browser, base, max_clicks=3):
    """Breadth-first walk of the links a reader can click, from the home page."""
    page = browser.new_page()
    host = urlparse(base).netloc
    seen = {"/": 0}
    frontier = ["/"]
    for depth in range(1, max_clicks + 1):
        next_frontier = []
        for path in frontier:
            page.goto(base + path)
            hrefs = page.eval_on_selector_all(
                "main a[href], header a[href]", "els => els.map(e => e.getAttribute('href'))"
            )
            for href in hrefs:
                url = urlparse(urljoin(base + path, href))
                if (
                    url.netloc != host
                    or url.path in seen
                    or url.path.startswith(("/admin", "/documents", "/media"))
                ):
                    continue
                seen[url.path] = depth
                next_frontier.append(url.path)
        frontier = next_frontier
    page.close()
    return seen


def keyboard_walk(browser, base, presses=25):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base + "/")
    reached = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                """() => { const e = document.activeElement; const s = getComputedStyle(e);
                 return {text: (e.innerText || e.getAttribute('aria-label') || '').trim(), id: e.id,
                         outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""
            )
        )
    page.close()
    return reached


def video_facade(browser, base):
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("**/*youtube*/**", lambda route: route.abort())
    page.goto(base + "/bonnes-pratiques/un-chez-soi-d-abord/")
    page.wait_for_load_state("networkidle")
    before = [u for u in requested if "youtube" in u]
    page.get_by_role("button", name="Lire la vidéo sur YouTube").click()
    src = page.locator("iframe.video-frame").get_attribute("src")
    page.close()
    return {"requests_before_click": before, "iframe_src": src}


def header_search(browser, base, words):
    page = browser.new_page()
    page.goto(base + "/")
    page.get_by_label("Rechercher sur le site").fill(words)
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/**")
    titles = page.locator(".result h3").all_inner_texts()
    page.close()
    return titles


def fragment_opens_level(browser, base):
    page = browser.new_page()
    page.goto(base + "/bonnes-pratiques/un-chez-soi-d-abord/#publications")
    is_open = page.evaluate("document.getElementById('publications').open")
    page.close()
    return is_open


def screen_reader_outline(browser, base):
    """What a screen reader announces on a practice page: the names of the five levels' toggles (from Chromium's
    own accessibility tree) and the headings, level by level."""
    page = browser.new_page()
    page.goto(base + "/bonnes-pratiques/un-chez-soi-d-abord/")
    open_all_levels(page)
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    toggles = [
        n.get("name", {}).get("value", "")
        for n in nodes
        if n.get("role", {}).get("value") == "DisclosureTriangle"
    ]
    outline = {
        "toggles": toggles,
        "h2_inside_levels": page.locator(".level__body h2").count(),
        "h3_in_description": page.locator("#description .level__body h3").count(),
    }
    page.close()
    return outline


@pytest.fixture(scope="module")
def audit(demo_site, browser, django_db_blocker):
    """Visit every page type at desktop and phone sizes once; the tests below read the findings.
    The database blocker is global: unblocked here, the live server thread can read the demo content."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with django_db_blocker.unblock():
        return collect_findings(demo_site, browser)


def collect_findings(base, browser):
    from practices.models import PracticePage

    urls = page_types(base)
    findings = {}
    for size_name, viewport in (("bureau", DESKTOP), ("telephone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="fr-FR")
        page = context.new_page()
        for name, path in urls.items():
            response = page.goto(base + path)
            open_all_levels(page)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{size_name}.png"), full_page=True)
            findings[(name, size_name)] = {"status": response.status, "violations": axe_violations(page)}
        context.close()
    narrow = browser.new_context(viewport={"width": 320, "height": 640})
    page = narrow.new_page()
    for name, path in urls.items():
        page.goto(base + path)
        open_all_levels(page)
        findings[(name, "320")] = {"scroll_width": page.evaluate("document.documentElement.scrollWidth")}
    narrow.close()
    findings["practice_urls"] = [p.url for p in PracticePage.objects.live()]
    findings["home_heights"] = {
        (v["width"], v["height"]): home_height(browser, base, v) for v in HOME_SCREENS
    }
    findings["clicks"] = clicks_to_pages(browser, base)
    findings["keyboard"] = keyboard_walk(browser, base)
    findings["video"] = video_facade(browser, base)
    findings["search_logement"] = header_search(browser, base, "logement")
    findings["fragment"] = fragment_opens_level(browser, base)
    findings["outline"] = screen_reader_outline(browser, base)
    return findings


def page_findings(audit):
    return {k: v for k, v in audit.items() if isinstance(k, tuple)}


def test_every_page_type_has_no_wcag_a_or_aa_violation_on_desktop_and_phone(audit):
    failures = {key: f["violations"] for key, f in page_findings(audit).items() if f.get("violations")}
    checked = {key for key, f in page_findings(audit).items() if "violations" in f}
    assert len(checked) == 28
    assert failures == {}


def test_every_page_type_answers_with_the_expected_status(audit):
    statuses = {key[0]: f["status"] for key, f in page_findings(audit).items() if "status" in f}
    assert statuses.pop("404") == 404
    assert set(statuses.values()) == {200}


def test_no_page_scrolls_horizontally_at_320_pixels(audit):
    widths = {key[0]: f["scroll_width"] for key, f in page_findings(audit).items() if key[1] == "320"}
    assert len(widths) == 14
    assert all(w <= 320 for w in widths.values()), widths


def test_home_page_fits_one_desktop_screen(audit):
    for (width, height), page_height in audit["home_heights"].items():
        assert page_height <= height, (width, height, page_height)


def test_every_practice_is_reachable_from_home_in_three_clicks(audit):
    assert len(audit["practice_urls"]) >= 12
    missing = [url for url in audit["practice_urls"] if url not in audit["clicks"]]
    assert missing == []
    assert all(audit["clicks"][url] <= 3 for url in audit["practice_urls"])


def test_keyboard_reaches_skip_link_search_and_both_doors_with_a_visible_focus(audit):
    reached = audit["keyboard"]
    assert reached[0]["text"] == "Aller au contenu"
    assert any(r["id"] == "recherche-site" for r in reached)
    texts = [r["text"] for r in reached]
    assert "Parcours de vie" in texts and "Parcours de soins" in texts
    assert [r for r in reached if not r["outline"]] == []


def test_external_video_facade_loads_nothing_from_the_host_before_the_click(audit):
    assert audit["video"]["requests_before_click"] == []
    assert audit["video"]["iframe_src"].startswith("https://www.youtube-nocookie.com/embed/l_rFTfvxgc0")


def test_searching_logement_from_the_header_finds_un_chez_soi_d_abord(audit):
    assert "Un chez soi d'abord" in audit["search_logement"]


def test_a_level_can_be_linked_and_opens_from_the_url_fragment(audit):
    assert audit["fragment"] is True


def test_a_screen_reader_names_each_level_by_its_number_and_title_without_the_plus_sign(audit):
    toggles = audit["outline"]["toggles"]
    assert [name.split(" :")[0] for name in toggles] == [f"Niveau {n} sur 5" for n in range(1, 6)]


def test_the_sections_of_a_level_are_headings_under_that_level(audit):
    assert audit["outline"]["h2_inside_levels"] == 0
    assert audit["outline"]["h3_in_description"] >= 2
