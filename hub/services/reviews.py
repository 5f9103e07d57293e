"""Writing, submitting and reopening reviews: the frozen grid, the deadline and the lock."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import OperationalError, transaction
from django.utils import timezone

from hub.exceptions import ConflictOfInterest, DeadlinePassed, HubError, IncompleteSubmission, ReviewLocked
from hub.models import Application, ApplicationStatus, Assignment, CriterionScore, Review
from hub.permissions import get_expert, has_conflict, is_chair

from . import audit
from .applications import format_deadline
from .transitions import transition_application

T = TypeVar("T")

MIN_JUSTIFICATION = 20


def _check_open(assignment: Assignment, user: Any, now: datetime.datetime) -> None:
    call = assignment.application.call
    if has_conflict(assignment.expert, assignment.application):
        raise ConflictOfInterest("Vous êtes en conflit d'intérêts sur ce dossier.")
    if assignment.status not in (Assignment.Status.ACTIVE, Assignment.Status.COMPLETED):
        raise HubError("Déclarez d'abord vos éventuels conflits d'intérêts sur ce dossier.")
    if not call.grid_hash:
        raise HubError("La grille de l'appel n'est pas figée.")
    from .quorum import review_is_open

    if not review_is_open(assignment, now):
        deadline = max(call.review_deadline, assignment.due_at or call.review_deadline)
        raise DeadlinePassed(
            f"L'évaluation est close : la date limite était le {format_deadline(deadline, user)}."
            if now >= call.review_deadline
            else "La phase d'évaluation n'est pas ouverte."
        )


def get_or_create_review(assignment: Assignment) -> Review:
    call = assignment.application.call
    review, created = Review.objects.get_or_create(
        assignment=assignment, defaults={"grid_hash": call.grid_hash}
    )
    if created:
        CriterionScore.objects.bulk_create(
            [CriterionScore(review=review, criterion=c) for c in call.criteria.all()]
        )
    return review


def save_review(
    assignment: Assignment,
    user: Any,
    *,
    scores: dict[str, Any],
    justifications: dict[str, str],
    comment_for_applicant: str = "",
    comment_for_committee: str = "",
    recommendation: str = "",
    confidence: int | None = None,
    now: datetime.datetime | None = None,
) -> Review:
    """Saves a draft. `scores` maps criterion code → half points (0–10) or None."""
    now = now or timezone.now()
    _check_open(assignment, user, now)
    with transaction.atomic():
        review = get_or_create_review(assignment)
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.status != Review.Status.DRAFT:
            raise ReviewLocked("Cette évaluation est déposée : elle ne peut plus être modifiée.")
        if review.grid_hash != assignment.application.call.grid_hash:
            raise HubError("La grille a changé depuis le début de cette évaluation.")
        for row in review.scores.select_related("criterion"):
            value = scores.get(row.criterion.code)
            if value is not None and not (0 <= int(value) <= 10):
                raise HubError("Une note doit être comprise entre 0 et 5, par demi-points.")
            row.score_half = None if value is None else int(value)
            row.justification = (justifications.get(row.criterion.code) or "").strip()
            row.save()
        review.comment_for_applicant = comment_for_applicant
        review.comment_for_committee = comment_for_committee
        review.recommendation = recommendation or ""
        review.confidence = confidence or None
        review.save()
    return review


def review_missing(review: Review) -> list[str]:
    missing = []
    for row in review.scores.select_related("criterion").order_by("criterion__order"):
        if row.score_half is None:
            missing.append(f"{row.criterion.code} : note manquante.")
        if len(row.justification.strip()) < MIN_JUSTIFICATION:
            missing.append(
                f"{row.criterion.code} : justification manquante ou trop courte "
                f"({MIN_JUSTIFICATION} caractères minimum)."
            )
    grid_codes = set(review.assignment.application.call.criteria.values_list("code", flat=True))
    scored = set(review.scores.values_list("criterion__code", flat=True))
    for code in sorted(grid_codes - scored):
        missing.append(f"{code} : critère absent de l'évaluation.")
    return missing


def _retry_when_locked(function: Callable[[], T], attempts: int = 5) -> T:
    """SQLite (the embedded default) refuses a second concurrent writer with 'database is locked' instead of
    waiting like PostgreSQL's row locks; retry briefly so that both submissions count there too."""
    for attempt in range(attempts):
        try:
            return function()
        except OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable: the last attempt returns or raises")


def submit_review(assignment: Assignment, user: Any, now: datetime.datetime | None = None) -> Review:
    """Every criterion of the frozen grid scored and justified, before the deadline. Two experts submitting at the
    same moment both count: each locks the application row while checking whether all reviews are in."""
    now = now or timezone.now()
    _check_open(assignment, user, now)
    return _retry_when_locked(lambda: _submit(assignment, user, now))


def _submit(assignment: Assignment, user: Any, now: datetime.datetime | None) -> Review:
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("call").get(pk=assignment.application_id)
        )
        review = Review.objects.select_for_update().get(assignment=assignment)
        if review.status == Review.Status.SUBMITTED:
            return review
        if review.status != Review.Status.DRAFT:
            raise ReviewLocked("Cette évaluation ne peut plus être déposée.")
        if review.grid_hash != application.call.grid_hash:
            raise HubError("La grille a changé depuis le début de cette évaluation.")
        missing = review_missing(review)
        if missing:
            raise IncompleteSubmission("L'évaluation est incomplète.", missing)
        review.status, review.submitted_at = Review.Status.SUBMITTED, now
        review.save(update_fields=["status", "submitted_at", "updated_at"])
        Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.COMPLETED)
        audit.record(
            "review.submit",
            actor=user,
            call=application.call,
            target=review,
            payload={"grid_hash": review.grid_hash},
            now=now,
        )
        active = Assignment.objects.filter(application=application, status=Assignment.Status.ACTIVE).exists()
        if not active and application.status == ApplicationStatus.IN_REVIEW:
            transition_application(application, "mark_reviewed", role="system", now=now)
    return review


def reopen_review(review: Review, actor: Any, reason: str, now: datetime.datetime | None = None) -> Review:
    """Only the chair, before the deadline, with a written reason (audited)."""
    now = now or timezone.now()
    application = review.assignment.application
    call = application.call
    if not is_chair(actor, call) or has_conflict(get_expert(actor), application):
        raise HubError("Seule la présidence (sans conflit sur ce dossier) peut rouvrir une évaluation.")
    if not (reason or "").strip():
        raise HubError("Un motif est obligatoire pour rouvrir une évaluation.")
    if not call.accepts_reviews(now):
        raise DeadlinePassed(
            "La date limite d'évaluation est passée : l'évaluation ne peut plus être rouverte."
        )
    if review.status != Review.Status.SUBMITTED:
        raise HubError("Seule une évaluation déposée peut être rouverte.")
    with transaction.atomic():
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.DRAFT, submitted_at=None, reopen_count=review.reopen_count + 1
        )
        Assignment.objects.filter(pk=review.assignment_id).update(status=Assignment.Status.ACTIVE)
        if application.status == ApplicationStatus.REVIEWED:
            transition_application(
                application, "reopen_review", role="chair", actor=actor, reason=reason, now=now
            )
        audit.record(
            "review.reopen",
            actor=actor,
            call=call,
            target=review,
            payload={"reason": reason.strip()},
            now=now,
        )
    review.refresh_from_db()
    return review
