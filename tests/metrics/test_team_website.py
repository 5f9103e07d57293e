"""The way out to a support team's website: counted, and only ever to the team's own recorded address."""

import datetime

import pytest

from metrics import counting
from metrics.models import TeamReference, TeamVisitDay
from tests.live import Visitor
from tests.metrics.conftest import reader

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_team_sheet_links_to_the_counted_way_out_and_says_where_it_goes(site):
    team = site["team"]
    sheet = reader(site["url"]).get(team.public_url)
    assert sheet.status == 200
    assert f'href="/sortie/equipe/{team.slug}/"' in sheet.text
    assert "(equipe-dihal.example.org)" in sheet.text
    assert f'href="{team.website}"' not in sheet.text  # no direct link that would not be counted
    assert f'"sameAs": "{team.website}"' in sheet.text  # machines (the JSON-LD) get the address itself


def test_the_way_out_goes_to_the_team_website_and_counts_each_visit(site):
    team = site["team"]
    for _ in range(2):
        reply = reader(site["url"])._open(f"/sortie/equipe/{team.slug}/", follow=False)
        assert reply.status == 302 and reply.headers["location"] == team.website
    Visitor(site["url"])._open(f"/sortie/equipe/{team.slug}/", follow=False)  # a robot: sent, not counted
    counting.fold()
    assert TeamVisitDay.objects.get(team=team).visits == 2


@pytest.mark.parametrize(
    "suffix",
    [
        "?url=https://pirate.example.net/",
        "?next=//pirate.example.net",
        "?website=javascript:alert(1)",
        "%2F%2Fpirate.example.net",
        "..%2F..%2Fpirate",
    ],
)
def test_the_way_out_never_goes_anywhere_but_the_team_website(site, suffix):
    team = site["team"]
    reply = reader(site["url"])._open(f"/sortie/equipe/{team.slug}/{suffix}", follow=False)
    assert reply.status in (302, 404)
    if reply.status == 302:
        assert reply.headers["location"] == team.website
    else:
        assert "Page introuvable" in reply.text


def test_an_unknown_team_or_a_team_without_website_is_a_french_404(site):
    from practices.models import SupportTeam

    SupportTeam.objects.filter(pk=site["other_team"].pk).update(website="")
    for path in ("/sortie/equipe/inconnue/", f"/sortie/equipe/{site['other_team'].slug}/"):
        reply = reader(site["url"])._open(path, follow=False)
        assert reply.status == 404 and "Page introuvable" in reply.text
    SupportTeam.objects.filter(pk=site["other_team"].pk).update(website="ftp://ips-lyon.example.org/")
    assert reader(site["url"])._open(f"/sortie/equipe/{site['other_team'].slug}/", follow=False).status == 404


def test_visits_are_compared_before_and_after_the_team_referencing_date(site):
    from metrics.indicators import Filters, team_visits

    team = site["team"]
    from django.utils import timezone

    today = timezone.localdate()
    referenced = today - datetime.timedelta(days=10)
    TeamReference.objects.create(team=team, referenced_on=referenced)
    TeamVisitDay.objects.create(team=team, day=referenced - datetime.timedelta(days=5), visits=4)
    TeamVisitDay.objects.create(team=team, day=referenced, visits=7)
    reader(site["url"])._open(f"/sortie/equipe/{team.slug}/", follow=False)
    counting.fold()
    row = next(r for r in team_visits(Filters.default()).rows if r["team"] == team.name)
    assert (row["referenced_on"], row["before"], row["after"], row["total"]) == (referenced, 4, 8, 12)
