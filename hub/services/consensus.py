"""Consensus per application: prefilled with the median, moved only with a rationale, agreed by the chair."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.exceptions import ConflictOfInterest, HubError
from hub.models import Application, ApplicationStatus, ConsensusReport, ConsensusScore
from hub.permissions import counted_reviews, get_expert, has_conflict, is_chair, may_join_consensus

from . import audit
from .aggregation import application_stats, prefill_half
from .quorum import require_consensus_open, require_enough_reviews
from .transitions import transition_application

RATIONALE_REQUIRED_FROM_HALF = 2  # 1 point away from the median


def ensure_report(application: Application) -> ConsensusReport:
    """Creates the report and its prefilled scores (idempotent)."""
    stats = application_stats(application)
    reviews = list(counted_reviews(application))
    report, created = ConsensusReport.objects.get_or_create(
        application=application,
        defaults={
            "divergence_flagged": stats.divergent,
            "rapporteur": reviews[0].assignment.expert if reviews else None,
        },
    )
    if report.status == ConsensusReport.Status.DRAFT:
        participants = [
            r.assignment.expert for r in reviews if not has_conflict(r.assignment.expert, application)
        ]
        report.participants.add(*participants)
        if report.divergence_flagged != stats.divergent:
            report.divergence_flagged = stats.divergent
            report.save(update_fields=["divergence_flagged"])
        existing = set(report.scores.values_list("criterion_id", flat=True))
        criteria = {c.code: c for c in application.call.criteria.all()}
        for c_stats in stats.criteria:
            criterion = criteria[c_stats.code]
            prefill = prefill_half(c_stats.halves) if c_stats.halves else None
            if criterion.pk not in existing and prefill is not None:
                ConsensusScore.objects.create(report=report, criterion=criterion, score_half=prefill)
    return report


def add_participant(report: ConsensusReport, expert: Any) -> None:
    if has_conflict(expert, report.application):
        raise ConflictOfInterest(
            "Un expert en conflit d'intérêts ne participe pas au consensus de ce dossier."
        )
    report.participants.add(expert)


def rationale_problems(stats: Any, scores: dict[str, Any], rationales: dict[str, str]) -> list[str]:
    problems = []
    for c_stats in stats.criteria:
        value = scores.get(c_stats.code)
        if value is None:
            problems.append(f"{c_stats.code} : note de consensus manquante.")
            continue
        if (
            c_stats.median_half is not None
            and abs(Decimal(value) - Decimal(str(c_stats.median_half))) >= RATIONALE_REQUIRED_FROM_HALF
            and not (rationales.get(c_stats.code) or "").strip()
        ):
            problems.append(
                f"{c_stats.code} : la note s'écarte d'un point ou plus de la médiane "
                f"({c_stats.median_points:g}) ; une justification est obligatoire."
            )
    return problems


def save_consensus(
    report: ConsensusReport,
    user: Any,
    *,
    scores: dict[str, Any],
    rationales: dict[str, str],
    strengths: str = "",
    weaknesses: str = "",
    summary_for_applicant: str = "",
    minority_view: str = "",
    now: datetime.datetime | None = None,
) -> ConsensusReport:
    now = now or timezone.now()
    application = report.application
    if not may_join_consensus(user, application):
        raise ConflictOfInterest("Vous ne participez pas au consensus de ce dossier.")
    require_consensus_open(application.call, user, now)
    require_enough_reviews(application)
    if report.status != ConsensusReport.Status.DRAFT:
        raise HubError("Ce consensus est déjà validé.")
    stats = application_stats(application)
    problems = rationale_problems(stats, scores, rationales)
    if problems:
        raise HubError(" ".join(problems))
    with transaction.atomic():
        criteria = {c.code: c for c in application.call.criteria.all()}
        for code, value in scores.items():
            if not 0 <= int(value) <= 10:
                raise HubError("Une note doit être comprise entre 0 et 5, par demi-points.")
            ConsensusScore.objects.update_or_create(
                report=report,
                criterion=criteria[code],
                defaults={"score_half": int(value), "rationale": (rationales.get(code) or "").strip()},
            )
        report.strengths, report.weaknesses = strengths, weaknesses
        report.summary_for_applicant, report.minority_view = summary_for_applicant, minority_view
        report.save()
        expert = get_expert(user)
        if expert and not has_conflict(expert, application):
            report.participants.add(expert)
        audit.record(
            "consensus.save",
            actor=user,
            call=application.call,
            target=report,
            payload={"scores": {k: int(v) for k, v in scores.items()}},
            now=now,
        )
    return report


def agree_consensus(
    report: ConsensusReport, user: Any, now: datetime.datetime | None = None
) -> ConsensusReport:
    now = now or timezone.now()
    application = report.application
    if not is_chair(user, application.call) or has_conflict(get_expert(user), application):
        raise HubError("Seule la présidence (sans conflit sur ce dossier) valide un consensus.")
    require_consensus_open(application.call, user, now)
    require_enough_reviews(application)
    if report.scores.count() != application.call.criteria.count():
        raise HubError("Toutes les notes de consensus doivent être renseignées.")
    if not report.summary_for_applicant.strip():
        raise HubError("La synthèse pour le porteur est obligatoire.")
    with transaction.atomic():
        report.status, report.agreed_at, report.agreed_by = ConsensusReport.Status.AGREED, now, user
        report.save(update_fields=["status", "agreed_at", "agreed_by"])
        if application.status in (ApplicationStatus.IN_REVIEW, ApplicationStatus.REVIEWED):
            transition_application(application, "agree_consensus", role="chair", actor=user, now=now)
    return report
