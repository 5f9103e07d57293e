"""Per-criterion median, mean and spread; the 'must discuss' flag; consensus prefilled with the median;
the leniency diagnostic with its minimum sample."""

import pytest

from hub.exceptions import HubError
from hub.models import CallStatus, ConsensusScore
from hub.services import consensus as consensus_service
from hub.services.aggregation import application_stats, call_stats, histogram, leniency, prefill_half

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(db, clock):
    call = b.make_call(status=CallStatus.CONSENSUS)
    chair = b.make_expert("chair", call, role="chair")
    user, org = b.make_applicant("ana")
    app = b.make_application(call, org, user, status="reviewed")
    experts = [b.make_expert(f"e{i}", call) for i in range(3)]
    for expert, c1 in zip(experts, (4, 6, 8)):
        b.make_review(b.make_assignment(app, expert), dict.fromkeys(b.CODES, 6) | {"C1": c1})
    return call, chair, app, experts


def test_per_criterion_median_mean_and_spread(scored):
    _, _, app, _ = scored
    stats = application_stats(app)
    c1 = stats.criteria[0]
    assert (c1.median_points, c1.mean_points, c1.spread_points) == (3.0, 3.0, 2.0)
    assert stats.n_reviews == 3


def test_divergence_flag_threshold(scored):
    _, _, app, _ = scored
    stats = application_stats(app)
    assert stats.criteria[0].divergent  # 2 points apart
    assert not stats.criteria[1].divergent
    assert stats.divergent
    from hub.models import CriterionScore, Review

    Review.objects.filter(assignment__application=app).update(status="draft")
    CriterionScore.objects.filter(criterion__code="C1", score_half=8).update(score_half=7)
    Review.objects.filter(assignment__application=app).update(status="submitted")
    assert not application_stats(app).divergent  # 1.5 points apart


def test_consensus_prefilled_with_median_and_rationale_required_when_far(scored):
    _, chair, app, experts = scored
    report = consensus_service.ensure_report(app)
    assert report.divergence_flagged
    assert ConsensusScore.objects.get(report=report, criterion__code="C1").score_half == 6
    scores = dict.fromkeys(b.CODES, 6) | {"C1": 8}
    with pytest.raises(HubError, match="C1"):
        consensus_service.save_consensus(report, chair.user, scores=scores, rationales={})
    consensus_service.save_consensus(
        report,
        chair.user,
        scores=scores | {"C2": 7},
        rationales={"C1": "Les preuves présentées en séance justifient 4/5."},
    )
    assert (
        ConsensusScore.objects.get(report=report, criterion__code="C2").score_half == 7
    )  # 0.5 away: no rationale


def test_prefill_rounds_an_even_median_to_the_nearest_half_point():
    assert prefill_half([6, 7]) == 7
    assert prefill_half([6, 8]) == 7
    assert prefill_half([5]) == 5


def test_agreed_consensus_is_the_official_score(scored):
    _, chair, app, _ = scored
    report = consensus_service.ensure_report(app)
    consensus_service.save_consensus(
        report,
        chair.user,
        scores=dict.fromkeys(b.CODES, 8),
        rationales=dict.fromkeys(b.CODES, "Discussion en séance."),
        summary_for_applicant="Synthèse.",
    )
    consensus_service.agree_consensus(report, chair.user)
    app.refresh_from_db()
    assert app.status == "consensus_done"
    assert application_stats(app).official_total == 80


def test_normalised_diagnostic_below_min_sample_is_not_applied(scored):
    call, _, _, _ = scored
    report = leniency(call)
    assert all(not calibrated for *_, calibrated in report.experts)
    assert report.flagged == {}


def test_leniency_flags_an_application_whose_place_depends_on_one_severe_expert(db):
    call = b.make_call(status=CallStatus.REVIEW, n_selected=2, n_laureates=1)
    severe = b.make_expert("severe", call)
    mild = [b.make_expert(f"mild{i}", call) for i in range(3)]
    apps = []
    for i in range(7):
        user, org = b.make_applicant(f"p{i}")
        apps.append(b.make_application(call, org, user, status="in_review", n=i + 1))
    # The severe expert (5 reviews: calibrated) is harsh on everyone, a bit less on apps[0].
    for i, app in enumerate(apps[:5]):
        b.make_review(b.make_assignment(app, severe), 4 if i == 0 else 2)
    # Mild experts have 3 reviews each: below the minimum sample, left as they are.
    for expert, picks in zip(
        mild, ([(0, 7), (1, 6), (5, 7)], [(2, 6), (3, 6), (6, 7)], [(4, 6), (5, 7), (6, 6)])
    ):
        for index, halves in picks:
            b.make_review(b.make_assignment(apps[index], expert), halves)
    report = leniency(call)
    calibrated = {expert_id: flag for expert_id, *_, flag in report.experts}
    assert calibrated[severe.pk] is True and not any(calibrated[m.pk] for m in mild)
    # Raw means: apps[5] 70, apps[6] 65, apps[0] 55. Once the severe expert is calibrated apps[0] enters the top.
    assert report.official_top == [apps[5].pk, apps[6].pk]
    assert apps[0].pk in report.normalised_top
    assert "sévérité" in report.flagged[apps[0].pk]
    assert apps[6].pk in report.flagged


def test_histogram_counts_scores_per_band():
    bands = histogram([5, 15, 15, 100])
    assert [b["count"] for b in bands][:2] == [1, 2] and bands[-1]["count"] == 1


def test_call_stats_runs_in_a_constant_number_of_queries(scored, django_assert_max_num_queries):
    call, *_ = scored
    with django_assert_max_num_queries(5):
        call_stats(call)
