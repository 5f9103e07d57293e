"""The database itself refuses what the rules forbid (proven on SQLite and PostgreSQL)."""

import pytest
from django.db import IntegrityError, transaction

from hub.exceptions import AuditIsAppendOnly, ReviewLocked
from hub.models import (
    Assignment,
    AuditEvent,
    CriterionScore,
    Outcome,
    Review,
    SelectionRun,
    StaffingLine,
)
from hub.services import audit

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_setup(call):
    user, org = b.make_applicant("ana")
    app = b.make_application(call, org, user)
    expert = b.make_expert("eva", call)
    assignment = b.make_assignment(app, expert)
    review = b.make_review(assignment, 6, submitted=False)
    return app, expert, assignment, review


def test_duplicate_criterion_score_raises_integrity_error(review_setup):
    _, _, _, review = review_setup
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionScore.objects.create(review=review, criterion=review.scores.first().criterion, score_half=4)


def test_second_review_for_same_assignment_rejected(review_setup):
    _, _, assignment, _ = review_setup
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(assignment=assignment, grid_hash="x")


def test_second_assignment_same_expert_same_application_rejected(review_setup):
    app, expert, _, _ = review_setup
    with pytest.raises(IntegrityError), transaction.atomic():
        b.make_assignment(app, expert)


@pytest.mark.parametrize("value", [-1, 11])
def test_score_half_out_of_range_rejected(review_setup, value):
    _, _, _, review = review_setup
    row = review.scores.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionScore.objects.filter(pk=row.pk).update(score_half=value)


def test_scores_of_a_submitted_review_cannot_be_saved(review_setup):
    _, _, _, review = review_setup
    Review.objects.filter(pk=review.pk).update(
        status=Review.Status.SUBMITTED, submitted_at=b.paris(2026, 5, 1)
    )
    row = review.scores.first()
    row.score_half = 10
    with pytest.raises(ReviewLocked):
        row.save()


def test_laureate_requires_path_and_non_laureate_has_none(review_setup, call):
    app, expert, _, _ = review_setup
    run = SelectionRun.objects.create(
        call=call,
        computed_at=b.paris(2026, 7, 1),
        computed_by=expert.user,
        algorithm_version="t",
        inputs={},
        inputs_hash="a",
        result={},
        result_hash="b",
    )
    common = dict(
        call=call, application=app, selection_run=run, decided_by=expert.user, decided_at=b.paris(2026, 7, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(outcome="laureate", path=None, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(outcome="selected", path=call.paths.first(), **common)
    assert Outcome.objects.create(outcome="laureate", path=call.paths.first(), **common).pk


def test_only_one_final_selection_run_per_call(call):
    user = b.make_secretariat()
    common = dict(
        call=call,
        computed_at=b.paris(2026, 7, 1),
        computed_by=user,
        algorithm_version="t",
        inputs={},
        inputs_hash="a",
        result={},
        result_hash="b",
    )
    SelectionRun.objects.create(is_final=True, **common)
    SelectionRun.objects.create(is_final=False, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionRun.objects.create(is_final=True, **common)


def test_audit_event_cannot_be_updated_or_deleted(call):
    event = audit.record("test.event", call=call, payload={"a": 1})
    event.verb = "changed"
    with pytest.raises(AuditIsAppendOnly):
        event.save()
    with pytest.raises(AuditIsAppendOnly):
        event.delete()
    with pytest.raises(AuditIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(verb="changed")
    with pytest.raises(AuditIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "test.event"


@pytest.mark.parametrize("fte, months", [("0", 12), ("-0.5", 12), ("1.00", 0), ("1.50", 12)])
def test_staffing_line_with_zero_or_negative_effort_is_refused_by_the_database(review_setup, fte, months):
    app, *_ = review_setup
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffingLine.objects.create(application=app, role_label="Poste", fte=fte, months=months)


def test_eligibility_refusal_without_reason_is_refused_by_the_database(review_setup):
    from hub.models import EligibilityCheck

    app, expert, _, _ = review_setup
    with pytest.raises(IntegrityError), transaction.atomic():
        EligibilityCheck.objects.create(
            application=app,
            decision="ineligible",
            reason="",
            checked_by=expert.user,
            checked_at=b.paris(2026, 4, 2),
        )


def test_call_dates_must_follow_each_other(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        b.make_call(closes_at=b.paris(2026, 1, 1), frozen=False)


def test_assignment_status_values_are_text_choices():
    assert Assignment.Status.ACTIVE == "active"
