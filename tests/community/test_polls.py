"""Online votes: one vote per member, results after voting, closed at a date; shown on the practice page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Poll, PollChoice, PollVote
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db


def make_poll(practice, days=7):
    poll = Poll.objects.create(
        question="Quelle pratique voudriez-vous voir dans votre territoire ?",
        practice=practice,
        closes_at=timezone.now() + datetime.timedelta(days=days),
    )
    choices = [
        PollChoice.objects.create(poll=poll, label=label, sort_order=i)
        for i, label in enumerate(["Un chez soi d'abord", "Profamille"])
    ]
    return poll, choices


def test_member_votes_once_and_sees_the_results_after_voting(client, practice, member):
    poll, choices = make_poll(practice)
    assert "Quelle pratique voudriez-vous voir" in client.get(practice.url).content.decode()
    client.force_login(member.user)
    page = client.get(reverse("community:poll", args=[poll.pk])).content.decode()
    assert "Voter" in page and "Les résultats" not in page
    client.post(reverse("community:poll", args=[poll.pk]), {"choice": choices[1].pk})
    client.post(reverse("community:poll", args=[poll.pk]), {"choice": choices[0].pk})  # second vote ignored
    assert list(PollVote.objects.values_list("choice__label", flat=True)) == ["Profamille"]
    page = client.get(reverse("community:poll", args=[poll.pk])).content.decode()
    assert "Profamille : 1 vote (100 %)" in page


@pytest.mark.parametrize("value", ["", "abc", "999999", "\x00", "x" * 100_000])
def test_bad_choice_gets_a_french_message(client, practice, member, value):
    poll, _ = make_poll(practice)
    client.force_login(member.user)
    response = client.post(reverse("community:poll", args=[poll.pk]), {"choice": value})
    assert response.status_code == 400 and "Choisissez une réponse." in response.content.decode()
    assert not PollVote.objects.exists()


def test_closed_poll_takes_no_vote_and_shows_results(client, practice, member):
    poll, choices = make_poll(practice, days=-1)
    assert "Quelle pratique" not in client.get(practice.url).content.decode()
    client.force_login(member.user)
    response = client.post(reverse("community:poll", args=[poll.pk]), {"choice": choices[0].pk})
    assert "Ce sondage est clos." in response.content.decode() and not PollVote.objects.exists()
    assert "Les résultats" in response.content.decode()
    assert make_member("Autre") and client.get("/communaute/sondage/999999/").status_code == 404


def grant_poll_permissions():
    import importlib

    from django.apps import apps

    importlib.import_module("community.migrations.0009_editors_manage_polls").grant(apps, None)


def test_a_poll_not_yet_open_is_neither_shown_nor_open_to_votes(client, practice, member):
    poll, choices = make_poll(practice)
    Poll.objects.filter(pk=poll.pk).update(opens_at=timezone.now() + datetime.timedelta(days=2))
    assert "Quelle pratique voudriez-vous voir" not in client.get(practice.url).content.decode()
    client.force_login(member.user)
    assert client.get(reverse("community:poll", args=[poll.pk])).status_code == 404
    client.post(reverse("community:poll", args=[poll.pk]), {"choice": choices[0].pk})
    assert not PollVote.objects.exists()


def test_a_site_wide_poll_is_on_the_home_page_and_leaves_it_when_it_closes(
    client, home, member, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    poll = Poll.objects.create(
        question="Quel type de contenu vous aiderait le plus ?",
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    PollChoice.objects.create(poll=poll, label="Des témoignages", sort_order=0)
    PollChoice.objects.create(poll=poll, label="Des vidéos", sort_order=1)
    first = client.get("/")
    assert "Quel type de contenu vous aiderait le plus ?" in first.content.decode()
    assert client.get("/")["X-Cache"] == "HIT"
    # The closing time passes with nobody saving the poll: the cached home page still shows it until the
    # periodic command (make cron) notices and purges it.
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):  # the command runs outside any transaction
        call_command("community_close_polls")
    assert "Quel type de contenu" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("community_close_polls")  # nothing changed since: nothing purged
    assert client.get("/")["X-Cache"] == "HIT"
    client.force_login(member.user)
    page = client.get(reverse("community:poll", args=[poll.pk])).content.decode()
    assert "Ce sondage est clos" in page and "Des témoignages : 0 votes (0 %)" in page


@pytest.mark.django_db(transaction=True)
def test_an_editor_opens_a_home_page_poll_in_the_admin_and_closes_it(live_server, settings):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests import factories
    from tests.community.conftest import PASSWORD
    from tests.live import Visitor

    factories.restore_migration_data()
    grant_poll_permissions()
    home = factories.make_home()
    editor = get_user_model().objects.create_user("redactrice", "redactrice@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    base = live_server.url
    office = Visitor(base)
    office.log_in("redactrice", PASSWORD)
    reader = Visitor(base)
    assert "Votre avis compte" not in reader.get("/").text
    closes = (timezone.localtime() + datetime.timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    fields = {
        "question": "Quelle pratique voudriez-vous voir dans votre territoire ?",
        "practice": "",
        "closes_at": closes,
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-0-label": "Un chez soi d'abord",
        "choices-0-ORDER": "1",
        "choices-1-label": "Profamille",
        "choices-1-ORDER": "2",
    }
    for attempt in range(2):  # saved twice: the second time changes nothing
        url = (
            "/admin/snippets/community/poll/add/"
            if attempt == 0
            else f"/admin/snippets/community/poll/edit/{Poll.objects.get().pk}/"
        )
        changes = fields if attempt == 0 else {}
        reply = office.submit(url, changes)
        assert reply.status == 200 and "/add/" not in reply.url, reply.text[:3000]
        poll = Poll.objects.get()
        assert poll.question == "Quelle pratique voudriez-vous voir dans votre territoire ?"
        assert list(poll.choices.values_list("label", flat=True)) == ["Un chez soi d'abord", "Profamille"]
        assert poll.practice is None and poll.is_open
    home_page = reader.get("/")
    assert "Quelle pratique voudriez-vous voir dans votre territoire ?" in home_page.text
    assert reader.get("/").cache == "HIT"

    # The editor closes it now: the home page no longer shows it, at once.
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    reply = office.submit(f"/admin/snippets/community/poll/edit/{poll.pk}/", {"closes_at": now})
    assert reply.status == 200, reply.text[:3000]
    poll.refresh_from_db()
    assert not poll.is_open
    assert "Quelle pratique voudriez-vous voir" not in reader.get("/").text

    # A slip of the hand (year 9999, or year 1 that cannot even be stored): the form comes back, in French.
    for slip in ("9999-12-31 23:59", "0001-01-01 00:00"):
        reply = office.submit(f"/admin/snippets/community/poll/edit/{poll.pk}/", {"closes_at": slip})
        assert reply.status == 200 and "/edit/" in reply.url
        assert "Cette date ne semble pas juste" in reply.text and slip in reply.text
    poll.refresh_from_db()
    assert not poll.is_open and poll.closes_at.year == timezone.now().year
    assert home.pk


def test_home_page_polls_cost_one_query_whatever_their_number(client, home):
    from tests.practices.test_query_budget import count_queries

    def open_poll(n):
        poll = Poll.objects.create(
            question=f"Question {n} ?", closes_at=timezone.now() + datetime.timedelta(days=n + 1)
        )
        PollChoice.objects.create(poll=poll, label="Oui", sort_order=0)
        PollChoice.objects.create(poll=poll, label="Non", sort_order=1)

    open_poll(0)
    one = count_queries(client, home.url)
    for n in range(1, 20):
        open_poll(n)
    assert count_queries(client, home.url) == one
    page = client.get(home.url).content.decode()
    assert page.count('href="/communaute/sondage/') == 1  # the one closing soonest: the home fits one screen
    assert "Question 0 ?" in page and "Question 1 ?" not in page
