"""What a team or an editor changes is seen at once by anonymous readers, through a real server on its own port,
whatever Host header reaches it, on the local-memory cache and on Redis (production's), and what they typed comes
back exactly as typed, after any number of saves."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from practices.models import SupportTeam, TeamMembership
from tests import factories
from tests.live import Visitor
from tests.markers import requires_redis

PASSWORD = "mot-de-passe-de-test-solide"
TYPED = "L'équipe « Un chez soi d'abord » forme les \"nouvelles\" équipes ; elle répond vite !"


@pytest.fixture(params=["memoire-locale", pytest.param("redis", marks=requires_redis)])
def site(request, live_server, settings):
    factories.restore_migration_data()
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    index = factories.make_practice_index(home)
    team_index = factories.make_team_index(home)
    theme = factories.make_theme(factories.make_parcours(home))
    practice = factories.make_practice(index, theme=theme, evidence_level=factories.make_level())
    team = factories.make_team(practice=practice, phone="01 99 00 11 11")
    member = get_user_model().objects.create_user("equipe", "equipe@example.org", PASSWORD)
    TeamMembership.objects.create(user=member, team=team)
    port = live_server.url.rsplit(":", 1)[1]
    return {
        "url": live_server.url,
        "hosts": [f"localhost:{port}", f"127.0.0.1:{port}"],
        "practice": practice,
        "theme": theme,
        "index": index,
        "team_index": team_index,
        "team": SupportTeam.objects.get(pk=team.pk),
    }


def readers(site):
    """Two anonymous readers whose browsers name the server differently (a port, an alias, a proxy)."""
    return [Visitor(site["url"], host=host) for host in site["hosts"]]


def read_twice(visitor, url):
    first, second = visitor.get(url), visitor.get(url)
    assert first.status == second.status == 200, url
    assert second.cache == "HIT", (url, visitor.host)  # the page really is served from the cache
    return second.text


def test_a_phone_number_saved_by_the_team_shows_at_once_on_every_page_for_every_host(site):
    sheet, practice = site["team"].public_url, site["practice"].url
    action_sheet = practice + "fiche-action/"  # the PTSM « fiche action » lists the team's contacts too
    for reader in readers(site):
        for url in (sheet, practice, action_sheet):
            assert "01 99 00 11 11" in read_twice(reader, url)

    team = Visitor(site["url"])
    team.log_in("equipe", PASSWORD)
    saved = team.submit(f"/espace-equipe/{site['team'].slug}/fiche/", {"phone": "01 99 00 42 42"})
    assert "La fiche est à jour et en ligne." in saved.text

    for reader in readers(site):
        for url in (sheet, practice, action_sheet):
            html = reader.get(url).text
            assert "01 99 00 42 42" in html and "01 99 00 11 11" not in html, (url, reader.host)


def test_a_practice_published_by_an_editor_shows_at_once_on_its_theme_the_index_and_the_team_sheet(site):
    urls = [site["practice"].url, site["theme"].url, site["index"].url, site["team"].public_url]
    for reader in readers(site):
        for url in urls:
            assert "Un chez soi d'abord" in read_twice(reader, url).replace("&#x27;", "'")

    page = site["practice"].specific
    page.title = "Un chez soi d'abord, revu par le comité"
    page.save_revision().publish()  # what the admin's « Publier » and the workflow's approval both do

    for reader in readers(site):
        for url in urls:
            assert "revu par le comité" in reader.get(url).text, (url, reader.host)


def sheet_text(html):
    match = re.search(r'<textarea[^>]*name="technical_sheet_text"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return match.group(1)


def test_a_technical_sheet_saved_ten_times_comes_back_exactly_as_typed(site):
    import html as html_module

    team = Visitor(site["url"])
    team.log_in("equipe", PASSWORD)
    form_url = f"/espace-equipe/{site['team'].slug}/fiche/"
    for _ in range(10):
        team.submit(form_url, {"technical_sheet_text": TYPED})
        assert html_module.unescape(sheet_text(team.get(form_url).text)) == TYPED
    public = html_module.unescape(Visitor(site["url"]).get(site["team"].public_url).text)
    assert TYPED in public and "&#x27;" not in public and "&amp;" not in public


def test_the_editors_email_about_a_sheet_change_reads_as_typed_with_an_absolute_link(site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    editor = get_user_model().objects.create_user("editrice", "editrice@example.org", PASSWORD, is_staff=True)
    from django.contrib.auth.models import Group

    from practices import roles

    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    SupportTeam.objects.filter(pk=site["team"].pk).update(name="L'équipe d'Aubagne")
    team = Visitor(site["url"])
    team.log_in("equipe", PASSWORD)
    mail.outbox.clear()
    team.submit(f"/espace-equipe/{site['team'].slug}/fiche/", {"phone": "01 99 00 43 43"})
    [message] = [m for m in mail.outbox if "editrice@example.org" in m.to]
    assert "« L'équipe d'Aubagne »" in message.body and "&#x27;" not in message.body
    links = re.findall(r"\S*/admin/\S*", message.body)
    assert links and all(link.startswith(settings.WAGTAILADMIN_BASE_URL) for link in links)


def test_a_request_sent_through_the_form_reaches_the_team_and_the_requester_as_typed(site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    mail.outbox.clear()
    reader = Visitor(site["url"])
    sent = reader.submit(
        f"/solliciter-un-appui/pratique/{site['practice'].slug}/",
        {
            "name": "Jeanne d'Arc",
            "email": "jeanne@example.org",
            "organisation": "CMP « L'Étoile »",
            "role": "Infirmière",
            "departement_code": "13",
            "kind": "formation",
            "consent": "on",
            "message": 'Nous voulons l\'appliquer "vite" & bien.',
        },
    )
    assert sent.status == 200 and "/solliciter-un-appui/suivi/" in sent.url, sent.text[
        :3000
    ]  # its follow-up page
    to_team = next(m for m in mail.outbox if "jeanne@example.org" not in m.to)
    receipt = next(m for m in mail.outbox if "jeanne@example.org" in m.to)
    for text in (
        "Jeanne d'Arc",
        "CMP « L'Étoile »",
        'Nous voulons l\'appliquer "vite" & bien.',
        "Un chez soi d'abord",
    ):
        assert text in to_team.body, text
    assert "Jeanne d'Arc" in receipt.body and "Équipe DIHAL" in receipt.body
    for message in (to_team, receipt):
        assert "&#x27;" not in message.body and "&amp;" not in message.body and "&quot;" not in message.body
        for link in re.findall(r"https?://\S+|(?<!\S)/\S+", message.body):
            assert link.startswith(settings.WAGTAILADMIN_BASE_URL), link
