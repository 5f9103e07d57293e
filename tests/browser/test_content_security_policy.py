"""A strict content security policy on every page, and the site and Wagtail's editor keep working under it: no
violation in the browser's console, the video player allowed only on the page that shows it."""

import urllib.request

import pytest

from tests.browser.conftest import admin_login

# django_db: so the test database exists even when only browser tests are selected.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def headers(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}


def violations_while(browser, steps):
    page = browser.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    steps(page)
    page.close()
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


def test_public_pages_carry_a_strict_policy_even_from_the_cache(demo_site):
    for _ in range(2):  # rendered, then from the cache
        sent = headers(demo_site + "/")
        policy = sent["content-security-policy"]
        assert (
            "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
        )
        assert "frame-src 'none'" in policy and "camera=()" in sent["permissions-policy"]


def test_only_a_practice_with_a_video_may_frame_its_player(demo_site):
    from practices.models import PracticePage

    with_video = PracticePage.objects.live().exclude(video_url="").first()
    policy = headers(demo_site + with_video.url)["content-security-policy"]
    host = with_video.video_embed_url.split("/")[2]
    assert f"frame-src https://{host}" in policy


def test_reading_pages_shows_no_policy_violation(demo_site, browser):
    def read(page):
        for path in (
            "/",
            "/bonnes-pratiques/un-chez-soi-d-abord/",
            "/recherche/?q=logement",
            "/besoin-de-soutien/",
        ):
            page.goto(demo_site + path)
            page.wait_for_load_state("networkidle")

    assert violations_while(browser, read) == []


def test_an_editor_opens_and_uses_the_page_editor_under_the_policy(demo_site, browser, django_db_blocker):
    from practices.models import PracticePage

    with django_db_blocker.unblock():
        practice = PracticePage.objects.live().get(slug="un-chez-soi-d-abord")
    state = {}

    def edit(page):
        admin_login(page, demo_site, "admin")
        page.goto(demo_site + f"/admin/pages/{practice.pk}/edit/")
        page.wait_for_load_state("networkidle")
        state["title"] = page.locator("#id_title").input_value()
        page.get_by_role("tab", name="Niveau 2 : Description").click()
        state["stream"] = page.locator("[data-streamfield-stream-container]").count()

    found = violations_while(browser, edit)
    assert found == [], "\n".join(found)
    assert state["title"] == practice.title and state["stream"] >= 1
