"""Browser tests: real headless Chromium driven by Playwright, against the live server with the demo content."""

import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    return path if Path(path).exists() else None  # None: Playwright's own browser (installed by make test)


def end_connections_out_of_reach():
    """Django keeps one connection per context, and the browser tests' own transactions run in contexts other than
    this fixture's (Playwright's sync API switches greenlets): their idle connections are out of reach of Django's
    `close_all()`. On PostgreSQL they are ended here, else the test database cannot be dropped at the end."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content, committed, served by a live server thread for the whole session.

    pytest-django's own `live_server` fixture would make each test transactional and flush the database after
    it; the browser tests only read, so they share one committed demo site and run last (see tests/conftest.py)."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = (
        "true"  # Playwright's sync API runs an event loop in this thread
    )
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
        call_command("load_glossary", verbosity=0)
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    try:
        yield server.url
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock():
            end_connections_out_of_reach()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(demo_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def admin_login(page, base, username):
    """Log a demo account in through Wagtail's own login page, as a person does."""
    from parcours.demo.users import DEMO_PASSWORD

    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/admin/")


def publish_from_editor(page):
    """Publish the page open in the Wagtail editor as a person does: the footer's menu, then « Publier ». Returns
    the message Wagtail shows once back on the page list."""
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    return page.locator(".messages").inner_text()


def save_screenshot(page, path):
    """A picture of the page for people reading the test artifacts (not an assertion). Headless Chromium now and
    then cannot capture a long page (« Unable to capture screenshot »): try again, then keep the visible part."""
    from playwright.sync_api import Error

    for full_page in (True, True, False):
        try:
            return page.screenshot(path=path, full_page=full_page)
        except Error:
            page.wait_for_timeout(200)
    return None
