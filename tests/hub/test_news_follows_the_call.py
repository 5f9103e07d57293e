"""The news item that announces a call says what the call really is: open, then closed, then its results, on the
news page, in the news list and in the RSS feed, as an anonymous reader reads them through a real server."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub.models import Call, CallStatus
from parcours.models import NewsIndexPage, NewsPage
from tests import factories
from tests.live import Visitor

from . import builders as b


@pytest.fixture
def announced(live_server, settings):
    settings.PAGE_CACHE_ENABLED = True
    factories.restore_migration_data()
    now = timezone.now()
    call = b.make_call(
        year=2026,
        status=CallStatus.OPEN,
        opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=30),
        review_opens_at=now + dt.timedelta(days=40),
        review_deadline=now + dt.timedelta(days=60),
        consensus_deadline=now + dt.timedelta(days=70),
    )
    home = factories.make_home()
    index = factories.publish(home, NewsIndexPage(title="Actualités", slug="actualites"))
    news = factories.publish(
        index,
        NewsPage(
            title="L'appel à pépites 2026 du PositiveHub est ouvert",
            slug="appel-a-pepites-2026",
            date=dt.date(2026, 9, 15),
            category="appel-a-pepites",
            summary="Les associations peuvent présenter une pratique de terrain.",
        ),
    )
    other = factories.publish(
        index,
        NewsPage(
            title="Journée régionale des PTSM",
            slug="journee-ptsm",
            date=dt.date(2026, 10, 8),
            category="evenement",
            summary="Une journée d'échanges.",
        ),
    )
    return {"call": call, "news": news, "other": other, "index": index, "visitor": Visitor(live_server.url)}


def pages(announced):
    visitor = announced["visitor"]
    texts = {}
    for url in (announced["news"].url, announced["index"].url, announced["index"].url + "rss/"):
        first, second = visitor.get(url), visitor.get(url)
        assert first.status == second.status == 200, url
        texts[url] = second.text
    return texts


def test_the_announcement_says_open_while_applications_are_accepted(announced):
    closes = timezone.localtime(announced["call"].closes_at)
    for url, text in pages(announced).items():
        assert "est ouvert jusqu&#x27;au" in text or "est ouvert jusqu'au" in text, url
        assert str(closes.day) in text, url
    news_page = announced["visitor"].get(announced["news"].url).text
    assert 'href="/positivehub/appel-2026/"' in news_page
    assert "Journée régionale des PTSM" in announced["visitor"].get(announced["index"].url).text


def test_once_the_call_closes_no_cached_page_still_says_it_is_open(announced):
    pages(announced)  # every page is now in the cache
    # The deadline passes, then the periodic task applies it (as cron does in production).
    Call.objects.filter(pk=announced["call"].pk).update(closes_at=timezone.now() - dt.timedelta(hours=1))
    call_command("hub_tick", stdout=open("/dev/null", "w"))
    assert Call.objects.get(pk=announced["call"].pk).status == CallStatus.CLOSED
    for url, text in pages(announced).items():
        assert "est ouvert" not in text, url
        assert "est clos" in text, url
    neighbour = announced["visitor"].get(announced["other"].url).text  # its pager names the announcement
    assert (
        "est ouvert" not in neighbour
        and "Précédent : L&#x27;appel à pépites 2026 du PositiveHub est clos" in neighbour
    )


def test_after_publication_the_announcement_leads_to_the_results(announced):
    Call.objects.filter(pk=announced["call"].pk).update(status=CallStatus.RESULTS_PUBLISHED)
    b.make_call(year=2025)  # another call's state does not leak into this news item
    Call.objects.get(pk=announced["call"].pk).save()  # an edit of the call, as in the admin
    texts = pages(announced)
    assert all("les pépites sont connues" in text for text in texts.values())
    assert 'href="/positivehub/appel-2026/resultats/"' in texts[announced["news"].url]


def test_the_rss_title_is_not_escaped_twice(announced):
    rss = announced["visitor"].get(announced["index"].url + "rss/").text
    assert "L&#x27;appel" not in rss and "&amp;#x27;" not in rss
    assert "L'appel à pépites 2026 du PositiveHub est ouvert jusqu'au" in rss


def test_a_news_item_of_another_kind_keeps_its_own_title(announced):
    text = announced["visitor"].get(announced["other"].url).text
    assert "<h1>Journée régionale des PTSM</h1>" in text
    assert "Voir l'appel" not in text and "Voir l&#x27;appel" not in text
