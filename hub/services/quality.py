"""Review-quality flags for the chair (diagnostics, never a weight): a review far shorter than the others of
the same application, and a recommendation at odds with the review's own total."""

from __future__ import annotations

from statistics import median
from typing import Any

from django.db.models import Sum
from django.db.models.functions import Length

from hub.models import Call, CriterionScore, Review

from .grid import weighted_total

SHORT_RATIO = 0.4  # under 40 % of the median length of the other reviews of the same application
INCONSISTENT_MARGIN = 20  # « ne pas sélectionner » with a total 20 points or more above the threshold


def review_flags(call: Call, application_ids: Any) -> dict[int, list[str]]:
    """{review id: [French flags]} for the counted reviews of these applications, in 2 queries."""
    weights = {c.code: c.weight for c in call.criteria.all()}
    reviews = list(
        Review.objects.filter(assignment__application_id__in=application_ids, status=Review.Status.SUBMITTED)
        .annotate(text_length=Sum(Length("scores__justification")))
        .values(
            "pk",
            "assignment__application_id",
            "recommendation",
            "text_length",
            "comment_for_applicant",
            "comment_for_committee",
        )
    )
    halves: dict[int, dict[str, int]] = {}
    for review_id, code, half in CriterionScore.objects.filter(
        review_id__in=[r["pk"] for r in reviews]
    ).values_list("review_id", "criterion__code", "score_half"):
        if half is not None:
            halves.setdefault(review_id, {})[code] = half
    lengths = {
        r["pk"]: (r["text_length"] or 0) + len(r["comment_for_applicant"]) + len(r["comment_for_committee"])
        for r in reviews
    }
    by_application: dict[int, list[int]] = {}
    for r in reviews:
        by_application.setdefault(r["assignment__application_id"], []).append(r["pk"])
    threshold = float(call.overall_threshold)
    flags: dict[int, list[str]] = {}
    for r in reviews:
        found = []
        others = [lengths[pk] for pk in by_application[r["assignment__application_id"]] if pk != r["pk"]]
        if len(others) >= 2 and lengths[r["pk"]] < SHORT_RATIO * median(others):
            found.append(
                f"Évaluation très courte : {lengths[r['pk']]} caractères de justification, contre "
                f"{int(median(others))} en médiane pour les autres évaluations du dossier."
            )
        if len(halves.get(r["pk"], {})) == len(weights):
            total = float(weighted_total(weights, halves[r["pk"]]))
            if r["recommendation"] == Review.Recommendation.SELECT and total < threshold:
                found.append(
                    f"Recommande la sélection avec une note de {total:.0f}/100, sous le seuil de "
                    f"{threshold:.0f}."
                )
            if (
                r["recommendation"] == Review.Recommendation.NOT_SELECT
                and total >= threshold + INCONSISTENT_MARGIN
            ):
                found.append(f"Recommande de ne pas sélectionner avec une note de {total:.0f}/100.")
        if found:
            flags[r["pk"]] = found
    return flags


def flagged_counts(call: Call, application_ids: Any) -> dict[int, int]:
    """{application id: number of flagged reviews}, for the chair's ranking (same 2 queries)."""
    flags = review_flags(call, application_ids)
    counts: dict[int, int] = {}
    for app_id in Review.objects.filter(pk__in=flags).values_list("assignment__application_id", flat=True):
        counts[app_id] = counts.get(app_id, 0) + 1
    return counts
