"""Error pages are French, say what to do, and never a 500 for bad input: through a real server."""

import urllib.parse

import pytest
from django.contrib.auth import get_user_model

from practices.models import TeamMembership
from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"


@pytest.fixture
def site(live_server, settings):
    factories.restore_migration_data()
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    home = factories.make_home()
    practice = factories.make_practice(factories.make_practice_index(home))
    team = factories.make_team(practice=practice)
    member = get_user_model().objects.create_user("equipe", "equipe@example.org", PASSWORD)
    TeamMembership.objects.create(user=member, team=team)
    return {"url": live_server.url, "team": team, "practice": practice}


def test_an_unknown_host_gets_a_french_400_page(site):
    reply = Visitor(site["url"], host="pirate.example.net").get("/")
    assert (
        reply.status == 400
        and "Cette demande n’a pas pu être lue" in reply.text
        and 'lang="fr"' in reply.text
    )


def test_a_form_sent_without_its_security_token_gets_a_french_page_that_says_nothing_was_lost(site):
    visitor = Visitor(site["url"])
    data = urllib.parse.urlencode({"name": "Camille", "message": "Bonjour"}).encode()
    reply = visitor._open(f"/solliciter-un-appui/pratique/{site['practice'].slug}/", data=data)
    assert (
        reply.status == 403
        and "Le formulaire a expiré" in reply.text
        and "ce que vous avez écrit y est encore" in reply.text
    )


@pytest.mark.parametrize("value", ["abc", "", "1" * 40, "1\x00", "<script>alert(1)</script>", "-1", "9" * 18])
def test_a_team_request_update_with_a_bad_identifier_is_a_french_404_not_a_500(site, value):
    member = Visitor(site["url"])
    member.log_in("equipe", PASSWORD)
    action = site["url"] + f"/espace-equipe/{site['team'].slug}/demandes/"
    member.get(action)
    token = next(c.value for c in member.jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "request": value, "status": "en-cours"}
    ).encode()
    reply = member._open(action, data=data)
    assert reply.status == 404 and "Page introuvable" in reply.text, (value, reply.status)
