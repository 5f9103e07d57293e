"""The published grid: totals, freezing and its hash."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.exceptions import GridFrozen, HubError
from hub.models import DEFAULT_ANCHORS, Call

ANCHOR_KEYS = {str(i) for i in range(6)}


def weighted_total(weights: dict[str, Any], halves: dict[str, Any]) -> Decimal:
    """Total on 100: Σ weight × score / 5, with scores given in half points (score = half / 2).

    `weights` and `halves` are dicts keyed by criterion code. 5 everywhere gives 100."""
    total = sum((Decimal(weights[code]) * Decimal(halves[code]) for code in weights), Decimal(0)) / 10
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grid_problems(call: Call) -> list[str]:
    criteria = list(call.criteria.all())
    problems = []
    if not criteria:
        problems.append("La grille ne contient aucun critère.")
    total = sum(c.weight for c in criteria)
    if criteria and total != 100:
        problems.append(f"La somme des poids doit être égale à 100 % (elle est de {total} %).")
    for c in criteria:
        if c.anchors and set(c.anchors) != ANCHOR_KEYS:
            problems.append(f"Les descripteurs du critère {c.code} doivent couvrir les notes 0 à 5.")
    return problems


@transaction.atomic
def freeze_grid(call: Call, now: datetime.datetime | None = None) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.grid_frozen_at:
        raise GridFrozen("La grille est déjà figée.")
    problems = grid_problems(call)
    if problems:
        raise HubError(" ".join(problems))
    for criterion in call.criteria.all():
        if not criterion.anchors:
            criterion.anchors = dict(DEFAULT_ANCHORS)
            criterion.save(update_fields=["anchors"])
    call.grid_hash = call.compute_grid_hash()
    call.grid_frozen_at = now or timezone.now()
    Call.objects.filter(pk=call.pk).update(grid_hash=call.grid_hash, grid_frozen_at=call.grid_frozen_at)
    return call
