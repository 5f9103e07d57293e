"""Every practice shows its history in plain words, and the registry's changes come as an RSS feed, read through
a real server by an anonymous reader."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.live import Visitor
from tests.opendata.conftest import add_practices, build_registry


def change_level(practice, level, reason):
    practice.evidence_level = level
    practice.evidence_justification = f"<p>{reason}</p>"
    practice.save_revision().publish()


@pytest.mark.django_db(transaction=True)
def test_a_change_of_evidence_level_shows_with_its_reason_on_the_history_and_in_the_feed(live_server):
    from wagtail.models import PageLogEntry

    factories.restore_migration_data()
    registry = build_registry(1)
    practice = registry.practices[0]
    reader = Visitor(live_server.url)
    history = f"/historique-des-pratiques/{practice.pk}/"
    first = reader.get(history)
    assert first.status == 200 and "Publication le" in first.text
    assert reader.get(history).cache == "HIT"
    assert f'href="{history}"' in reader.get(practice.url).text

    # The committee approves the new level in the workflow, with a comment, then the page is published.
    PageLogEntry.objects.log_action(
        practice, "wagtail.workflow.approve", data={"comment": "Deux essais français publiés en 2025."}
    )
    change_level(practice, registry.level_b, "Un seul essai, mené au Canada.")

    page = reader.get(history)
    assert page.status == 200
    assert "Mise à jour le" in page.text
    assert "Niveau de preuve : A — Efficacité établie → B — Efficacité probable." in page.text
    assert "Un seul essai, mené au Canada." in page.text
    assert "Deux essais français publiés en 2025." in page.text

    feed = reader.get("/historique-des-pratiques/rss/")
    assert feed.status == 200 and "rss" in feed.headers["content-type"]
    items = ET.fromstring(feed.text).findall("./channel/item")
    assert items[0].findtext("title") == f"{practice.title} : mise à jour"
    assert "A — Efficacité établie → B — Efficacité probable" in items[0].findtext("description")
    assert items[0].findtext("link").startswith(f"{live_server.url}{history}#changement-")
    assert reader.get("/historique-des-pratiques/").status == 200

    practice.unpublish()
    assert reader.get(history).status == 404
    titles = [
        item.findtext("title")
        for item in ET.fromstring(reader.get("/historique-des-pratiques/rss/").text).findall("./channel/item")
    ]
    assert all(not title.startswith(practice.title) for title in titles)


@pytest.mark.django_db
def test_unknown_or_private_practices_have_no_history(client):
    registry = build_registry(1)
    for pk in (registry.draft.pk, registry.private.pk, 987654, 10**30):
        response = client.get(f"/historique-des-pratiques/{pk}/")
        assert response.status_code == 404, pk


@pytest.mark.django_db
def test_the_feed_takes_the_same_queries_for_1_and_20_practices(client):
    from django.core.cache import cache

    registry = build_registry(1)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/historique-des-pratiques/rss/").status_code == 200
        return len(captured)

    with_one = count()
    add_practices(registry, 19, start=1)
    assert count() == with_one
