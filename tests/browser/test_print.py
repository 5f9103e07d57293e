"""A practice sheet printed from the browser: the site's name, the page's address and the date of printing head
the sheet; every text prints black (nothing pale); the video prints as its link and its transcript."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


def test_the_printed_sheet_names_the_site_its_address_and_the_day_it_was_printed(demo_site, browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(demo_site + "/bonnes-pratiques/un-chez-soi-d-abord/")
    header = page.locator(".print-header")
    assert header.is_hidden()  # on screen, nothing of it
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    today = datetime.date.today()
    text = header.inner_text()
    assert text.startswith("Bonnes pratiques en santé mentale · http://localhost:")
    assert "/bonnes-pratiques/un-chez-soi-d-abord/" in text
    assert text.endswith(f"imprimé le {today.day} {MONTHS[today.month - 1]} {today.year}")
    colours = page.evaluate(
        """() => Array.from(document.querySelectorAll('main *, .print-header')).filter(e => e.offsetParent !== null && e.textContent.trim())
        .map(e => getComputedStyle(e).color).filter(c => c !== 'rgb(0, 0, 0)')"""
    )
    assert colours == []
    facade = page.locator(".video-facade")
    assert facade.get_by_role("link").first.is_visible() and facade.locator("button").is_hidden()
    assert page.locator(".transcript").is_visible()  # every level opens for printing
    context.close()
