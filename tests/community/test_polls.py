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
