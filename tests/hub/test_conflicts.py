"""A conflicted expert gets a 404 everywhere for that application and is left out of averages, consensus and votes."""

import pytest
from django.urls import reverse

from hub.exceptions import ConflictOfInterest
from hub.models import Assignment, AuditEvent, ConflictDeclaration, Review
from hub.permissions import counted_reviews
from hub.services import assignments as assignment_service
from hub.services import consensus as consensus_service
from hub.services import exports
from hub.services.aggregation import application_stats

from . import builders as b

pytestmark = pytest.mark.django_db
L = ConflictDeclaration.Level


def test_disqualifying_coi_prevents_assignment_activation(world):
    expert = b.make_expert("newcomer", world["call"])
    assignment = b.make_assignment(world["app_b"], expert, status=Assignment.Status.INVITED)
    assignment_service.declare_conflict(assignment, level=L.DISQUALIFYING, relation="employer", details="")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RECUSED
    assert AuditEvent.objects.filter(verb="coi.declare").exists()


def test_declaring_no_conflict_activates_the_assignment(world):
    expert = b.make_expert("newcomer", world["call"])
    assignment = b.make_assignment(world["app_b"], expert, status=Assignment.Status.INVITED)
    assignment_service.declare_conflict(assignment, level=L.NONE)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACTIVE


@pytest.mark.parametrize(
    "url_name", ["expert-application", "expert-review", "expert-reviews", "consensus", "expert-conflict"]
)
def test_conflicted_expert_gets_404_on_application_and_reviews(client, world, url_name):
    client.force_login(world["users"]["expert_coi"])
    assert client.get(reverse(f"hub:{url_name}", args=[world["app_a"].pk])).status_code == 404


def test_conflicted_chair_gets_404_on_the_application(client, world):
    client.force_login(world["users"]["chair_coi"])
    call = world["call"]
    assert (
        client.get(reverse("hub:chair-application", args=[call.slug, world["app_a"].pk])).status_code == 404
    )
    ranking = client.get(reverse("hub:chair-ranking", args=[call.slug])).content.decode()
    assert world["app_a"].pseudonym not in ranking and world["app_b"].pseudonym in ranking


def test_conflicted_expert_excluded_from_list_counts_aggregates_and_export(client, world):
    conflicted = world["experts"]["conflicted"]
    # Their review was submitted before the conflict came to light.
    Assignment.objects.filter(pk=world["conflicted_assignment"].pk).update(status=Assignment.Status.COMPLETED)
    b.make_review(world["conflicted_assignment"], 0)
    app = world["app_a"]
    assert conflicted.pk not in [r.assignment.expert_id for r in counted_reviews(app)]
    stats = application_stats(app)
    assert stats.n_reviews == 2 and stats.criteria[0].halves == [7, 7]
    chair = world["users"]["chair"]
    matrix = exports.score_matrix_csv(app.call, chair)
    assert matrix.count(app.pseudonym) == 2
    client.force_login(world["users"]["expert_coi"])
    dashboard = client.get(reverse("hub:expert-dashboard")).content.decode()
    assert reverse("hub:expert-review", args=[app.pk]) not in dashboard


def test_conflicted_expert_cannot_join_consensus_or_vote(world):
    report = consensus_service.ensure_report(world["app_a"])
    assert world["experts"]["conflicted"] not in report.participants.all()
    with pytest.raises(ConflictOfInterest):
        consensus_service.add_participant(report, world["experts"]["conflicted"])


def test_chair_cannot_waive_own_conflict(world):
    chair = world["experts"]["chair"]
    declaration = b.declare(
        chair, world["app_b"], level=L.POTENTIAL, resolution=ConflictDeclaration.Resolution.PENDING
    )
    with pytest.raises(ConflictOfInterest):
        assignment_service.resolve_conflict(
            declaration, chair.user, resolution="waived", note="Aucun lien réel."
        )
    declaration.refresh_from_db()
    assert declaration.resolution == ConflictDeclaration.Resolution.PENDING


def test_chair_waives_a_potential_conflict_with_a_reason_and_the_expert_can_review(world):
    expert = b.make_expert("newcomer", world["call"])
    assignment = b.make_assignment(world["app_b"], expert, status=Assignment.Status.INVITED)
    declaration = assignment_service.declare_conflict(
        assignment, level=L.POTENTIAL, relation="colleague", details="Co-auteur d'un article en 2019."
    )
    assignment_service.resolve_conflict(
        declaration, world["users"]["chair"], resolution="waived", note="Lien ancien et ponctuel."
    )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACTIVE
    assert AuditEvent.objects.filter(verb="coi.waived", payload__note="Lien ancien et ponctuel.").exists()


def test_late_coi_excludes_existing_review_from_scores(world):
    peer = world["experts"]["peers"][0]
    before = application_stats(world["app_a"]).n_reviews
    assignment_service.declare_late_conflict(
        peer.user, world["app_a"], level=L.DISQUALIFYING, relation="family"
    )
    review = Review.objects.get(assignment=world["peer_assignments"][0])
    assert review.status == Review.Status.EXCLUDED
    assert application_stats(world["app_a"]).n_reviews == before - 1
    assert AuditEvent.objects.filter(verb="review.exclude").exists()


def test_auto_detected_conflict_for_same_email_domain(world):
    world["org_a"].email_domain = "pairs-lyonnais.org"
    world["org_a"].save()
    expert = b.make_expert("insider", world["call"], organisation_domains="pairs-lyonnais.org")
    assignment_service.assign(world["app_a"], expert, world["users"]["secretariat"])
    declaration = ConflictDeclaration.objects.get(expert=expert, application=world["app_a"])
    assert declaration.source == ConflictDeclaration.Source.AUTO and declaration.level == L.POTENTIAL
    suggestion = assignment_service.suggest_assignments(world["call"], per_application=10)
    assert all(expert not in experts for app, experts in suggestion.items() if app.pk == world["app_a"].pk)


def test_suggestion_gives_each_application_three_experts_balanced_and_conflict_free(db):
    call = b.make_call(status="eligibility")
    experts = [
        b.make_expert(f"e{i}", call, country=c) for i, c in enumerate(["FR", "BE", "CA", "SN", "LB", "CH"])
    ]
    apps = []
    for i in range(6):
        user, org = b.make_applicant(f"porteur{i}")
        apps.append(b.make_application(call, org, user, status="eligible", n=i + 1))
    b.declare(experts[0], apps[0])
    proposal = assignment_service.suggest_assignments(call)
    assert all(len(chosen) == 3 for chosen in proposal.values())
    assert experts[0] not in proposal[apps[0]]
    loads = [sum(e in chosen for chosen in proposal.values()) for e in experts]
    assert max(loads) - min(loads) <= 1
