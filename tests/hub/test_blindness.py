"""Experts never see other reviews, aggregates, exports or emails about an application before their own review
is in; afterwards only as Expert A/B/C. Applicants never see individual reviews."""

import pytest
from django.urls import reverse

from hub.permissions import may_see_aggregates, visible_reviews
from hub.services import reviews as review_service
from hub.services.consensus import ensure_report

from . import builders as b

pytestmark = pytest.mark.django_db
JUST = dict.fromkeys(b.CODES, "Une justification suffisamment longue.")


def test_expert_sees_no_other_reviews_before_own_submitted(client, world, mailoutbox):
    user, app = world["users"]["expert_assigned"], world["app_a"]
    assert visible_reviews(user, app) == []
    assert not may_see_aggregates(user, app)
    client.force_login(user)
    page = client.get(reverse("hub:expert-reviews", args=[app.pk])).content.decode()
    assert "Expert B" not in page and "Médiane" not in page
    assert "une fois votre propre évaluation déposée" in page
    assert client.get(reverse("hub:export-matrix", args=[app.call.slug])).status_code == 403
    consensus = client.get(reverse("hub:consensus", args=[app.pk])).content.decode()
    assert "Médiane" not in consensus
    # Reminder emails only list their own pending dossiers, never others' scores.
    from hub.services.assignments import send_reminders

    send_reminders(app.call, manual=True)
    mine = [m for m in mailoutbox if user.email in m.to]
    assert len(mine) == 1 and app.pseudonym in mine[0].body and "3,5" not in mine[0].body


def test_expert_sees_pseudonymised_others_after_submit(client, world):
    user, app = world["users"]["expert_assigned"], world["app_a"]
    review_service.save_review(
        world["assignment"], user, scores=dict.fromkeys(b.CODES, 6), justifications=JUST
    )
    review_service.submit_review(world["assignment"], user)
    client.force_login(user)
    page = client.get(reverse("hub:expert-reviews", args=[app.pk])).content.decode()
    assert "Expert A" in page and "Médiane" in page
    for peer in world["experts"]["peers"]:
        assert peer.user.first_name not in page and peer.user.email not in page


def test_expert_page_does_not_contain_organisation_name_or_people(client, world):
    client.force_login(world["users"]["expert_assigned"])
    page = client.get(reverse("hub:expert-application", args=[world["app_a"].pk])).content.decode()
    assert world["app_a"].title in page
    assert world["org_a"].name not in page
    assert world["users"]["applicant_a"].email not in page
    assert world["app_a"].reference not in page


def test_conflict_teaser_shows_the_title_only(client, world):
    expert = b.make_expert("newcomer", world["call"])
    b.make_assignment(world["app_a"], expert, status="invited")
    client.force_login(expert.user)
    page = client.get(reverse("hub:expert-conflict", args=[world["app_a"].pk])).content.decode()
    assert world["app_a"].title in page
    assert "Texte détaillé pour practice" not in page and world["org_a"].name not in page
    assert client.get(reverse("hub:expert-application", args=[world["app_a"].pk])).status_code == 404


def test_applicant_never_sees_individual_reviews(client, world, clock):
    app = world["app_a"]
    ensure_report(app)
    client.force_login(world["users"]["applicant_a"])
    for name in ("application-detail", "application-result"):
        page = client.get(reverse(f"hub:{name}", args=[app.pk])).content.decode()
        assert "Justification argumentée" not in page and "Expert A" not in page
