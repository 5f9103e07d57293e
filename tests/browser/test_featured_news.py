"""« À la une » is a choice on the news item: an editor (not an administrator) ticks it in the real Wagtail
editor and publishes, twice; an anonymous reader's home page then lists that item first, and still six items."""

import pytest

from tests.browser.conftest import admin_login, publish_from_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SLUG = "congres-positiveminders"  # a demo item that is not « à la une », and the most recent one


@pytest.fixture(scope="module")
def edited(demo_site, browser, django_db_blocker):
    """Outside any test transaction; the demo's choice is put back afterwards, for the home page's other tests."""
    import pagecache
    from parcours.models import NewsPage

    with django_db_blocker.unblock():
        news = NewsPage.objects.get(slug=SLUG)
        try:
            yield edit_and_read(demo_site, browser, news)
        finally:
            NewsPage.objects.filter(pk=news.pk).update(featured=False)
            pagecache.purge_everything("test")


def home_featured(browser, base):
    reader = browser.new_context().new_page()  # anonymous
    reader.goto(base + "/")
    titles = reader.get_by_role("region", name="À la une").get_by_role("link").all_inner_texts()
    reader.context.close()
    return titles


def edit_and_read(demo_site, browser, news):
    from parcours.models import NewsPage

    found = {"before": home_featured(browser, demo_site), "messages": [], "read_back": []}
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    admin_login(page, demo_site, "editrice")
    for attempt in range(2):  # saved twice, read back unchanged
        page.goto(demo_site + f"/admin/pages/{news.pk}/edit/")
        if attempt == 0:
            found["hint"] = page.locator("[data-contentpath='featured']").inner_text()
            page.get_by_role("checkbox", name="À la une").check()
        found["messages"].append(publish_from_editor(page))
        page.goto(demo_site + f"/admin/pages/{news.pk}/edit/")
        found["read_back"].append(
            (
                NewsPage.objects.get(pk=news.pk).featured,
                page.get_by_role("checkbox", name="À la une").is_checked(),
            )
        )
    context.close()
    found["after"] = home_featured(browser, demo_site)
    found["title"] = news.title
    return found


def test_an_editor_puts_a_news_item_on_the_home_page_from_the_item_itself(edited):
    assert "les 6 plus récentes cochées" in edited["hint"]
    assert all("publiée" in message for message in edited["messages"])
    assert edited["read_back"] == [(True, True), (True, True)]
    assert edited["title"] not in edited["before"]
    assert edited["after"][0] == edited["title"]
    assert len(edited["after"]) == len(edited["before"]) == 6
