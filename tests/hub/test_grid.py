"""The published grid: weights, freezing and its hash."""

import pytest

from hub.exceptions import GridFrozen, HubError
from hub.models import Criterion
from hub.services.grid import freeze_grid, weighted_total
from hub.services.reviews import get_or_create_review

from . import builders as b

pytestmark = pytest.mark.django_db


def test_total_formula_weights():
    weights = {"C1": 20, "C2": 25, "C3": 15, "C4": 20, "C5": 10, "C6": 10}
    assert weighted_total(weights, dict.fromkeys(weights, 10)) == 100
    assert weighted_total(weights, dict.fromkeys(weights, 0)) == 0
    # 4/5, 3.5/5, 3/5, 4.5/5, 2/5, 5/5 → 16 + 17.5 + 9 + 18 + 4 + 10
    halves = {"C1": 8, "C2": 7, "C3": 6, "C4": 9, "C5": 4, "C6": 10}
    assert str(weighted_total(weights, halves)) == "74.50"


def test_freeze_requires_weights_sum_100(db):
    call = b.make_call(frozen=False)
    Criterion.objects.filter(call=call, code="C6").update(weight=5)
    with pytest.raises(HubError, match="100 %"):
        freeze_grid(call)
    call.refresh_from_db()
    assert call.grid_frozen_at is None


def test_criterion_change_after_freeze_rejected(call):
    criterion = call.criteria.get(code="C1")
    criterion.weight = 30
    with pytest.raises(GridFrozen):
        criterion.save()
    with pytest.raises(GridFrozen):
        criterion.delete()
    with pytest.raises(GridFrozen):
        Criterion.objects.create(call=call, code="C7", label="Nouveau", weight=0)
    call.overall_threshold = 50
    with pytest.raises(GridFrozen):
        call.save()


def test_grid_hash_changes_with_any_weight(db):
    call = b.make_call(frozen=False)
    before = call.compute_grid_hash()
    Criterion.objects.filter(call=call, code="C1").update(weight=21)
    assert call.compute_grid_hash() != before


def test_review_grid_hash_matches_call(call):
    user, org = b.make_applicant("ana")
    app = b.make_application(call, org, user)
    assignment = b.make_assignment(app, b.make_expert("eva", call))
    review = get_or_create_review(assignment)
    assert review.grid_hash == call.grid_hash and len(call.grid_hash) == 64
    assert review.scores.count() == 6
