"""« À la une » is chosen on each news item: the home page lists the six most recent chosen ones, most recent
first, in the same number of queries whatever the number of news; the migration keeps the choices the home page
held in its former list, both ways."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from parcours.models import NewsIndexPage, NewsPage
from tests import factories


def make_news(index, n, featured=True, day=1):
    return factories.publish(
        index,
        NewsPage(
            title=f"Actualité {n}",
            slug=f"actualite-{n}",
            date=dt.date(2026, 1, day),
            category="evenement",
            summary="Une actualité.",
            featured=featured,
        ),
    )


@pytest.fixture
def news_index(home):
    return factories.publish(home, NewsIndexPage(title="Actualités", slug="actualites"))


def featured_titles(client, home):
    html = client.get(home.url).content.decode()
    part = html.split('id="a-la-une"', 1)[1].split("</section>", 1)[0] if 'id="a-la-une"' in html else ""
    return [line.split(">")[-1] for line in part.split("</a>")[:-1]]


def test_the_home_page_lists_the_six_most_recent_chosen_news_most_recent_first(
    client, home, news_index, settings
):
    settings.PAGE_CACHE_ENABLED = False
    for day in range(1, 9):
        make_news(news_index, day, day=day)
    make_news(news_index, 99, featured=False, day=28)  # the most recent, not chosen
    assert featured_titles(client, home) == [f"Actualité {day}" for day in (8, 7, 6, 5, 4, 3)]


def test_the_home_page_takes_the_same_queries_with_few_or_many_news(client, home, news_index, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_news(news_index, 1)

    def count():
        client.get(home.url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(home.url).status_code == 200
        return len(ctx)

    few = count()
    for n in range(2, 12):
        make_news(news_index, n, day=n)
    assert count() == few


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_former_list_of_the_home_page_both_ways():
    factories.restore_migration_data()
    home = factories.make_home()
    index = factories.publish(home, NewsIndexPage(title="Actualités", slug="actualites"))
    chosen = {make_news(index, n, day=n).pk for n in (1, 2)}
    make_news(index, 3, featured=False, day=3)
    executor = MigrationExecutor(connection)
    before = ("parcours", "0007_lang_features_in_rich_text")
    try:
        executor.migrate([before])  # the home page's list holds what was chosen
        old = MigrationExecutor(connection).loader.project_state([before]).apps
        assert (
            set(old.get_model("parcours", "HomeFeaturedNews").objects.values_list("news_id", flat=True))
            == chosen
        )
    finally:
        call_command("migrate", "parcours", verbosity=0)
    assert set(NewsPage.objects.filter(featured=True).values_list("pk", flat=True)) == chosen
