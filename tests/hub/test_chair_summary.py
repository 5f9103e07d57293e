"""Issue 18: the chair's summary e-mail at each deadline, through the mail queue, read as the chair reads it."""

import re

import pytest
from django.core.management import call_command

from hub.models import ApplicationStatus, CallMembership, CallStatus, NotificationLog

from . import builders as b


@pytest.fixture
def review_phase(db, clock):
    call = b.make_call(status=CallStatus.REVIEW)
    chair = b.make_expert("presidente", call, role=CallMembership.Role.CHAIR)
    vice = b.make_expert("vice", call, role=CallMembership.Role.VICE_CHAIR)
    expert = b.make_expert("experte", call)
    user, org = b.make_applicant("porteuse")
    short = b.make_application(call, org, user, status=ApplicationStatus.IN_REVIEW, n=1)
    b.make_review(b.make_assignment(short, expert), 6)
    return call, chair, vice, short


def test_at_the_review_deadline_the_chairs_get_one_summary_each_with_what_is_short(
    review_phase, clock, mailoutbox, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://bonnes-pratiques.example.org"
    call, chair, vice, short = review_phase
    clock.set(2026, 6, 30, 19)  # one hour after the end of the review
    call_command("hub_tick")
    call_command("hub_tick")
    summaries = [m for m in mailoutbox if "point d'étape" in m.subject]
    assert sorted(m.to[0] for m in summaries) == sorted([chair.user.email, vice.user.email])
    body = summaries[0].body
    assert "la fin de l'évaluation était fixée au 30 juin 2026 à 18:00" in body
    assert "Évaluations déposées\u00a0: 1 sur 1 attendues." in body
    assert f"- {short.pseudonym}\u00a0: 1 évaluation comptée, 0 expert encore en cours" in body
    assert "&#x27;" not in body and "&amp;" not in body
    link = re.search(r"https?://\S+/positivehub/presidence/\S+/", body).group(0)
    assert link == f"https://bonnes-pratiques.example.org/positivehub/presidence/{call.slug}/"
    assert NotificationLog.objects.filter(template="chair_summary").count() == 2


def test_no_summary_before_a_deadline_nor_for_a_deadline_long_past(review_phase, clock, mailoutbox):
    call, chair, vice, short = review_phase
    clock.set(2026, 6, 30, 17)
    call_command("hub_tick")
    assert not NotificationLog.objects.filter(template="chair_summary").exists()
    clock.set(2026, 8, 30, 12)  # closes, review and consensus deadlines all more than a week ago
    from hub.services.summaries import send_deadline_summaries

    assert send_deadline_summaries(call) == 0


def test_an_extended_consensus_deadline_gets_its_own_summary(review_phase, clock, mailoutbox):
    call, chair, vice, short = review_phase
    from hub.services.summaries import send_deadline_summaries

    clock.set(2026, 7, 15, 19)
    assert send_deadline_summaries(call) == 2
    assert send_deadline_summaries(call) == 0
    call.consensus_extended_until = b.paris(2026, 7, 20, 18)
    call.save()
    clock.set(2026, 7, 20, 19)
    assert send_deadline_summaries(call) == 2
