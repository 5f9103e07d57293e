"""Rules that cannot be bent: the minimum number of counted reviews, the consensus deadline and its extension,
late assignments for applications short of reviews."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from hub.exceptions import HubError
from hub.models import Application, ApplicationStatus, Assignment, Call, CallStatus, Review
from hub.permissions import blocking_conflicts, is_chair

from . import audit
from .applications import format_deadline

S = ApplicationStatus
EVALUATED = (S.IN_REVIEW, S.REVIEWED, S.CONSENSUS_DONE)


def counted_review_counts(call: Call, application_ids: Any = None) -> dict[int, int]:
    """Counted reviews per application (submitted, not excluded, not by a now-conflicted expert): 2 queries."""
    reviews = Review.objects.filter(assignment__application__call=call, status=Review.Status.SUBMITTED)
    if application_ids is not None:
        reviews = reviews.filter(assignment__application_id__in=application_ids)
    conflicted = set(
        blocking_conflicts().filter(application__call=call).values_list("expert_id", "application_id")
    )
    counts: dict[int, int] = {}
    for expert_id, app_id in reviews.values_list("assignment__expert_id", "assignment__application_id"):
        if (expert_id, app_id) not in conflicted:
            counts[app_id] = counts.get(app_id, 0) + 1
    return counts


def short_applications(call: Call) -> list[tuple[Application, int, int]]:
    """Applications under evaluation with fewer counted reviews than the call requires, as
    (application, counted reviews, experts still reviewing), by pseudonym."""
    applications = list(
        call.applications.filter(status__in=EVALUATED)
        .annotate(
            pending=Count(
                "assignments",
                filter=Q(assignments__status__in=(Assignment.Status.INVITED, Assignment.Status.ACTIVE)),
                distinct=True,
            )
        )
        .order_by("pseudonym")
    )
    counts = counted_review_counts(call, [a.pk for a in applications])
    return [
        (a, counts.get(a.pk, 0), a.pending)
        for a in applications
        if counts.get(a.pk, 0) < call.min_reviews_per_application
    ]


def require_enough_reviews(application: Application) -> None:
    call = application.call
    n = counted_review_counts(call, [application.pk]).get(application.pk, 0)
    if n < call.min_reviews_per_application:
        raise HubError(
            f"{application.pseudonym} n'a que {n} évaluation{'s' if n > 1 else ''} "
            f"comptée{'s' if n > 1 else ''} sur les {call.min_reviews_per_application} que l'appel exige : "
            "il n'entre ni au consensus ni dans "
            "le classement. La présidence peut affecter d'autres experts."
        )


def require_consensus_open(call: Call, user: Any = None, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    if call.status != CallStatus.CONSENSUS:
        raise HubError("Le consensus n'est possible que pendant la phase de consensus.")
    if not call.accepts_consensus(now):
        raise HubError(
            f"Le consensus est clos depuis le {format_deadline(call.effective_consensus_deadline, user)}. "
            "La présidence peut prolonger ce délai, motif à l'appui."
        )


@transaction.atomic
def extend_consensus(
    call: Call, user: Any, until: datetime.datetime, reason: str, now: datetime.datetime | None = None
) -> Call:
    """The chair's documented extension: a later date, a written reason, an audit event."""
    now = now or timezone.now()
    if not is_chair(user, call):
        raise HubError("Seule la présidence du comité peut prolonger le consensus.")
    reason = (reason or "").strip()
    if not reason:
        raise HubError("Le motif de la prolongation est obligatoire : il est inscrit au journal de l'appel.")
    if call.status not in (CallStatus.REVIEW, CallStatus.CONSENSUS):
        raise HubError("Le consensus ne peut être prolongé qu'avant la délibération.")
    current = call.effective_consensus_deadline
    if until <= now or (current is not None and until <= current):
        raise HubError("La nouvelle date doit être postérieure à la date de fin actuelle et à aujourd'hui.")
    locked = Call.objects.select_for_update().get(pk=call.pk)
    previous = locked.effective_consensus_deadline
    locked.consensus_extended_until, locked.consensus_extension_reason = until, reason
    Call.objects.filter(pk=call.pk).update(consensus_extended_until=until, consensus_extension_reason=reason)
    audit.record(
        "call.consensus_extend",
        actor=user,
        call=locked,
        target=locked,
        payload={
            "from": previous.isoformat() if previous else None,
            "to": until.isoformat(),
            "reason": reason,
        },
        now=now,
    )
    return locked


def late_review_deadline(call: Call, now: datetime.datetime | None = None) -> datetime.datetime:
    """An expert added to a short application gets 14 days, within the (extended) consensus deadline."""
    now = now or timezone.now()
    due = max(call.review_deadline, now + datetime.timedelta(days=14))
    deadline = call.effective_consensus_deadline
    return min(due, deadline) if deadline else due


def assign_for_quorum(
    application: Application, expert: Any, user: Any, now: datetime.datetime | None = None
) -> Assignment:
    """The chair adds an expert to an application short of reviews, during review or consensus."""
    from .assignments import assign

    now = now or timezone.now()
    call = application.call
    if not is_chair(user, call):
        raise HubError("Seule la présidence du comité peut affecter un expert ici.")
    if call.status not in (CallStatus.REVIEW, CallStatus.CONSENSUS):
        raise HubError("Un expert ne peut être ajouté que pendant l'évaluation ou le consensus.")
    if application.status not in EVALUATED:
        raise HubError("Ce dossier n'est pas en cours d'évaluation.")
    if call.status == CallStatus.CONSENSUS:
        require_consensus_open(call, user, now)
    due = late_review_deadline(call, now)
    assignment = assign(application, expert, user, now=now, due_at=due)
    if assignment.due_at is None or assignment.due_at < due:
        Assignment.objects.filter(pk=assignment.pk).update(due_at=due)
        assignment.due_at = due
    if application.status == S.REVIEWED:
        from .transitions import transition_application

        transition_application(
            application,
            "reopen_review",
            role="chair",
            actor=user,
            now=now,
            reason=f"expert ajouté : {expert.pk}",
        )
    audit.record(
        "assignment.quorum",
        actor=user,
        call=call,
        target=assignment,
        payload={"application": application.pk, "due_at": due.isoformat()},
        now=now,
    )
    return assignment


def review_is_open(assignment: Assignment, now: datetime.datetime | None = None) -> bool:
    """The call's review phase, or a late assignment's own deadline (an application short of reviews)."""
    now = now or timezone.now()
    call = assignment.application.call
    if call.accepts_reviews(now):
        return True
    return bool(
        call.status == CallStatus.CONSENSUS
        and assignment.due_at
        and assignment.due_at > call.review_deadline
        and now < assignment.due_at
    )
