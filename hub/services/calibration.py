"""The calibration exercise before scoring opens: committee members score shared examples on the call's grid; once
a member has scored an example they see, per criterion, their score beside the committee's median and spread."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.exceptions import HubError
from hub.models import (
    CalibrationExample,
    CalibrationScore,
    Call,
    CallMembership,
    CallStatus,
    Criterion,
    Expert,
)

from . import audit
from .aggregation import median_half

# Before the review opens (the exercise prepares the scoring); its results stay readable afterwards.
CALIBRATION_OPEN = (CallStatus.ANNOUNCED, CallStatus.OPEN, CallStatus.CLOSED, CallStatus.ELIGIBILITY)
FAR = 2  # one point (two half points) or more from the median: worth discussing


def is_member(expert: Expert | None, call: Call) -> bool:
    return (
        expert is not None
        and CallMembership.objects.filter(call=call, expert=expert, is_active=True).exists()
    )


def accepts_calibration(call: Call) -> bool:
    return call.status in CALIBRATION_OPEN


@transaction.atomic
def submit_calibration(
    example: CalibrationExample,
    expert: Expert,
    halves: dict[str, int | None],
    now: datetime.datetime | None = None,
) -> None:
    call = example.call
    if not accepts_calibration(call):
        raise HubError("La calibration est close : l'évaluation des dossiers a commencé.")
    if not is_member(expert, call):
        raise HubError("Seuls les membres du comité de cet appel font la calibration.")
    criteria = list(call.criteria.order_by("order", "code"))
    missing = [c.code for c in criteria if halves.get(c.code) is None]
    if missing:
        raise HubError("Notez chaque critère : " + ", ".join(missing) + ".")
    now = now or timezone.now()
    for criterion in criteria:
        CalibrationScore.objects.update_or_create(
            example=example,
            expert=expert,
            criterion=criterion,
            defaults={"score_half": halves[criterion.code], "submitted_at": now},
        )
    audit.record("calibration.submitted", actor=expert.user, call=call, target=example, now=now)


def member_progress(call: Call) -> dict[int, int]:
    """Examples scored per expert (for the chair and the secretariat)."""
    done: dict[int, set[int]] = {}
    for expert_id, example_id in CalibrationScore.objects.filter(example__call=call).values_list(
        "expert_id", "example_id"
    ):
        done.setdefault(expert_id, set()).add(example_id)
    return {expert_id: len(examples) for expert_id, examples in done.items()}


def example_results(example: CalibrationExample, expert: Expert) -> list[dict[str, Any]] | None:
    """Per criterion: the member's score, the committee's median and range; None until the member has scored."""
    rows = list(example.scores.values_list("expert_id", "criterion_id", "score_half"))
    mine = {criterion_id: half for expert_id, criterion_id, half in rows if expert_id == expert.pk}
    if not mine:
        return None
    by_criterion: dict[int, list[int]] = {}
    for _, criterion_id, half in rows:
        by_criterion.setdefault(criterion_id, []).append(half)
    results = []
    for criterion in Criterion.objects.filter(call_id=example.call_id).order_by("order", "code"):
        halves = by_criterion.get(criterion.pk, [])
        median = median_half(halves) if halves else None
        own = mine.get(criterion.pk)
        results.append(
            {
                "criterion": criterion,
                "own": None if own is None else own / 2,
                "median": None if median is None else median / 2,
                "low": min(halves) / 2 if halves else None,
                "high": max(halves) / 2 if halves else None,
                "n": len(halves),
                "far": own is not None and median is not None and abs(own - median) >= FAR,
            }
        )
    return results
