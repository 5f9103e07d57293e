"""« Lilith en chiffres » for everyone (cached, fresh after each fold), and a team's own figures for its members
only."""

import pytest

from metrics import counting
from tests.live import Visitor
from tests.metrics.conftest import PASSWORD, reader

pytestmark = pytest.mark.django_db(transaction=True)


def test_lilith_en_chiffres_is_public_cached_and_shows_the_new_figures_after_a_fold(site):
    first = Visitor(site["url"]).get("/lilith-en-chiffres/")
    assert first.status == 200 and "Lilith en chiffres" in first.text
    assert "CNIL" in first.text and "sans cookie" in first.text
    assert "<table" in first.text and "<svg" in first.text and '<th scope="col">' in first.text
    assert Visitor(site["url"]).get("/lilith-en-chiffres/").cache == "HIT"
    for _ in range(7):
        reader(site["url"]).get(site["practice"].url)
    counting.fold()
    after = Visitor(site["url"]).get("/lilith-en-chiffres/")
    assert after.cache == "MISS"  # purged by the fold
    row = after.text.split("Consultations des pages</th>", 1)[1].split("</tr>", 1)[0]
    assert "<td>7</td>" in row


def test_a_team_member_sees_the_team_figures_and_never_another_team_s(site):
    team, other = site["team"], site["other_team"]
    reader(site["url"])._open(f"/sortie/equipe/{team.slug}/", follow=False)
    reader(site["url"])._open(f"/sortie/equipe/{other.slug}/", follow=False)
    reader(site["url"]).get(site["practice"].url)
    counting.fold()
    member = reader(site["url"])
    member.log_in("equipe", PASSWORD)
    space = member.get("/espace-equipe/")
    assert f'href="/espace-equipe/{team.slug}/chiffres/"' in space.text
    own = member.get(f"/espace-equipe/{team.slug}/chiffres/")
    assert own.status == 200 and team.name in own.text and other.name not in own.text
    assert "Visites des sites des équipes" in own.text
    visits_row = own.text.split(f'<th scope="row">{team.name}</th>', 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td>" in visits_row
    assert member.get(f"/espace-equipe/{other.slug}/chiffres/").status == 404
    anonymous = Visitor(site["url"])._open(f"/espace-equipe/{team.slug}/chiffres/", follow=False)
    assert anonymous.status == 302 and "/compte/connexion/" in anonymous.headers["location"]


def test_the_public_figures_page_queries_do_not_grow_with_the_days_of_aggregates(site, settings):
    import datetime

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from metrics.models import PageViewDay

    settings.PAGE_CACHE_ENABLED = False
    today = timezone.localdate()
    counts = []
    for days in (1, 10_000):
        PageViewDay.objects.all().delete()
        PageViewDay.objects.bulk_create(
            [
                PageViewDay(day=today - datetime.timedelta(days=n), path=site["practice"].url, views=1)
                for n in range(days)
            ],
            batch_size=2000,
        )
        client = Client()
        client.get("/lilith-en-chiffres/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/lilith-en-chiffres/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
