"""Diagnostics beyond the mean: per-criterion median, mean and spread, divergence, and the leniency check.

The official score is the consensus score (see consensus.py); everything here is a diagnostic."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hub.models import (
    Application,
    ApplicationStatus,
    Call,
    ConsensusReport,
    Criterion,
    CriterionScore,
    Review,
)
from hub.permissions import blocking_conflicts

from .grid import weighted_total

DIVERGENCE_HALF_POINTS = 4  # 2 points on the 0–5 scale (proposal, committee setting)
TOTAL_SPREAD_LIMIT = 25  # on 100
MIN_REVIEWS_FOR_CALIBRATION = 5


@dataclass
class CriterionStats:
    code: str
    label: str
    weight: int
    halves: list[int]
    median_half: float | None = None
    mean_points: float | None = None
    spread_points: float | None = None

    @property
    def median_points(self) -> float | None:
        return None if self.median_half is None else self.median_half / 2

    @property
    def divergent(self) -> bool:
        return self.spread_points is not None and self.spread_points * 2 >= DIVERGENCE_HALF_POINTS


@dataclass
class ApplicationStats:
    application: Any
    criteria: list[CriterionStats] = field(default_factory=list)
    totals: dict[int, float] = field(default_factory=dict)  # review id → total on 100
    review_experts: dict[int, int] = field(default_factory=dict)  # review id → expert id
    consensus_total: Decimal | None = None

    @property
    def n_reviews(self) -> int:
        return len(self.totals)

    @property
    def mean_total(self) -> float | None:
        return round(statistics.fmean(self.totals.values()), 2) if self.totals else None

    @property
    def total_spread(self) -> float | None:
        return (max(self.totals.values()) - min(self.totals.values())) if self.totals else None

    @property
    def divergent(self) -> bool:
        return any(c.divergent for c in self.criteria) or (
            self.total_spread is not None and self.total_spread >= TOTAL_SPREAD_LIMIT
        )

    @property
    def official_total(self) -> Decimal | None:
        return self.consensus_total


def median_half(halves: list[int]) -> float | None:
    return statistics.median(halves) if halves else None


def prefill_half(halves: list[int]) -> int | None:
    """Consensus prefill: the median rounded to the nearest half point (upwards at .25)."""
    m = median_half(halves)
    return None if m is None else int(Decimal(str(m)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def criterion_stats(criterion: Criterion, halves: list[int]) -> CriterionStats:
    stats = CriterionStats(criterion.code, criterion.label, criterion.weight, sorted(halves))
    if halves:
        stats.median_half = median_half(halves)
        stats.mean_points = round(statistics.fmean(halves) / 2, 2)
        stats.spread_points = (max(halves) - min(halves)) / 2
    return stats


def call_stats(call: Call, applications: Any = None) -> dict[int, ApplicationStats]:
    """Stats for many applications in a constant number of queries. Only counted reviews are used:
    submitted, not excluded, and not from an expert now conflicted on the application."""
    criteria = list(call.criteria.order_by("order", "code"))
    weights = {c.code: c.weight for c in criteria}
    if applications is None:
        applications = list(
            call.applications.exclude(
                status__in=(
                    ApplicationStatus.DRAFT,
                    ApplicationStatus.WITHDRAWN,
                    ApplicationStatus.INELIGIBLE,
                    ApplicationStatus.SUBMITTED,
                    ApplicationStatus.INFO_REQUESTED,
                )
            ).order_by("reference")
        )
    ids = [a.pk for a in applications]
    conflicted = set(
        blocking_conflicts().filter(application_id__in=ids).values_list("expert_id", "application_id")
    )
    per_review: dict[tuple[int, int, int], dict[str, Any]] = {}
    for review_id, app_id, expert_id, code, half in CriterionScore.objects.filter(
        review__assignment__application_id__in=ids, review__status=Review.Status.SUBMITTED
    ).values_list(
        "review_id",
        "review__assignment__application_id",
        "review__assignment__expert_id",
        "criterion__code",
        "score_half",
    ):
        if (expert_id, app_id) in conflicted:
            continue
        per_review.setdefault((app_id, review_id, expert_id), {})[code] = half
    consensus: dict[int, dict[str, Any]] = {}
    for app_id, status, code, half in ConsensusReport.objects.filter(application_id__in=ids).values_list(
        "application_id", "status", "scores__criterion__code", "scores__score_half"
    ):
        if status == ConsensusReport.Status.AGREED and code is not None:
            consensus.setdefault(app_id, {})[code] = half
    result: dict[int, ApplicationStats] = {}
    for application in applications:
        reviews = {
            key: v for key, v in per_review.items() if key[0] == application.pk and len(v) == len(weights)
        }
        stats = ApplicationStats(application)
        for criterion in criteria:
            stats.criteria.append(criterion_stats(criterion, [v[criterion.code] for v in reviews.values()]))
        stats.totals = {key[1]: float(weighted_total(weights, v)) for key, v in reviews.items()}
        stats.review_experts = {key[1]: key[2] for key in reviews}
        agreed = consensus.get(application.pk)
        if agreed and len(agreed) == len(weights):
            stats.consensus_total = weighted_total(weights, agreed)
        result[application.pk] = stats
    return result


def application_stats(application: Application) -> ApplicationStats:
    return call_stats(application.call, [application])[application.pk]


@dataclass
class LeniencyReport:
    experts: list[tuple[int, int, float, float, bool]]  # (expert id, n reviews, mean, sd, calibrated)
    normalised: dict[int, float]  # application id → normalised mean total
    official_top: list[int]
    normalised_top: list[int]
    flagged: dict[int, str]  # application id → French reason


def leniency(call: Call, stats: dict[int, ApplicationStats] | None = None) -> LeniencyReport:
    """Per-expert z-scores (only with ≥ 5 reviews), mapped back to the global mean and spread; flags every
    application whose place in the 12 or the 3 changes when one expert's severity is neutralised."""
    stats = stats if stats is not None else call_stats(call)
    by_expert: dict[int, list[tuple[int, float]]] = {}
    all_totals: list[float] = []
    for app_stats in stats.values():
        for review_id, total in app_stats.totals.items():
            by_expert.setdefault(app_stats.review_experts[review_id], []).append(
                (app_stats.application.pk, total)
            )
            all_totals.append(total)
    if len(all_totals) < 2:
        return LeniencyReport([], {}, [], [], {})
    global_mean, global_sd = statistics.fmean(all_totals), statistics.pstdev(all_totals)
    experts: list[tuple[int, int, float, float, bool]] = []
    mapped: dict[int, list[float]] = {}
    for expert_id, rows in sorted(by_expert.items()):
        values = [t for _, t in rows]
        mean, sd = statistics.fmean(values), statistics.pstdev(values)
        calibrated = len(values) >= MIN_REVIEWS_FOR_CALIBRATION
        experts.append((expert_id, len(values), round(mean, 1), round(sd, 1), calibrated))
        for app_id, total in rows:
            if calibrated and sd > 0:
                value = global_mean + (total - mean) / sd * global_sd
            elif calibrated:
                value = global_mean
            else:
                value = total
            mapped.setdefault(app_id, []).append(value)
    normalised = {app_id: round(statistics.fmean(v), 2) for app_id, v in mapped.items()}

    def official(app_stats: ApplicationStats) -> Any:
        return (
            float(app_stats.official_total) if app_stats.official_total is not None else app_stats.mean_total
        )

    ranked = [s for s in stats.values() if s.n_reviews]
    official_order = sorted(ranked, key=lambda s: (-(official(s) or 0), s.application.reference))
    normalised_order = sorted(
        ranked, key=lambda s: (-normalised.get(s.application.pk, 0), s.application.reference)
    )
    flagged: dict[int, str] = {}
    for size, label in ((call.n_selected, "des 12"), (call.n_laureates, "des 3")):
        top_official = {s.application.pk for s in official_order[:size]}
        top_normalised = {s.application.pk for s in normalised_order[:size]}
        for app_id in top_official ^ top_normalised:
            inside = "entre dans" if app_id in top_normalised else "sort"
            flagged.setdefault(
                app_id,
                f"Sa place dans la liste {label} dépend de la sévérité d'un expert "
                f"(le dossier {inside} la liste une fois les notes calibrées).",
            )
    return LeniencyReport(
        experts,
        normalised,
        [s.application.pk for s in official_order[: call.n_selected]],
        [s.application.pk for s in normalised_order[: call.n_selected]],
        flagged,
    )


def histogram(values: Any, width: int = 10) -> list[dict[str, Any]]:
    """Counts per band of `width` points on 100, for the score-distribution chart."""
    bands = [[lo, lo + width, 0] for lo in range(0, 100, width)]
    for v in values:
        index = min(int(v // width), len(bands) - 1)
        bands[index][2] += 1
    peak = max((b[2] for b in bands), default=0) or 1
    return [{"low": lo, "high": hi, "count": n, "percent": round(100 * n / peak)} for lo, hi, n in bands]
