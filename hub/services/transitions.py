"""State machines of calls and applications. Every transition writes an audit event."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.exceptions import HubError, InvalidTransition
from hub.models import Application, ApplicationStatus, Assignment, Call, CallStatus

from . import audit
from .grid import freeze_grid

S = ApplicationStatus

# name: (allowed source states, target state, role allowed to trigger it)
APPLICATION_TRANSITIONS = {
    "submit": ({S.DRAFT}, S.SUBMITTED, "applicant"),
    "resubmit": ({S.INFO_REQUESTED}, S.SUBMITTED, "applicant"),
    "withdraw": ({S.DRAFT, S.SUBMITTED, S.INFO_REQUESTED}, S.WITHDRAWN, "applicant"),
    "request_info": ({S.SUBMITTED}, S.INFO_REQUESTED, "secretariat"),
    "declare_eligible": ({S.SUBMITTED}, S.ELIGIBLE, "secretariat"),
    "declare_ineligible": ({S.SUBMITTED, S.INFO_REQUESTED}, S.INELIGIBLE, "secretariat"),
    "appeal": ({S.INELIGIBLE}, S.APPEAL_PENDING, "applicant"),
    "uphold_appeal": ({S.APPEAL_PENDING}, S.ELIGIBLE, "secretariat"),
    "reject_appeal": ({S.APPEAL_PENDING}, S.INELIGIBLE, "secretariat"),
    "start_review": ({S.ELIGIBLE}, S.IN_REVIEW, "system"),
    "mark_reviewed": ({S.IN_REVIEW}, S.REVIEWED, "system"),
    "reopen_review": ({S.REVIEWED}, S.IN_REVIEW, "chair"),
    "agree_consensus": ({S.IN_REVIEW, S.REVIEWED}, S.CONSENSUS_DONE, "chair"),
    "make_laureate": ({S.CONSENSUS_DONE}, S.LAUREATE, "chair"),
    "select": ({S.CONSENSUS_DONE}, S.SELECTED, "chair"),
    "list": ({S.CONSENSUS_DONE}, S.LISTED, "chair"),
    "not_retain": ({S.CONSENSUS_DONE}, S.NOT_RETAINED, "chair"),
}

C = CallStatus
CALL_TRANSITIONS = {
    "announce": ({C.DRAFT}, C.ANNOUNCED, "secretariat"),
    "open": ({C.ANNOUNCED}, C.OPEN, "system"),
    "close": ({C.OPEN, C.ANNOUNCED}, C.CLOSED, "system"),
    "start_eligibility": ({C.CLOSED}, C.ELIGIBILITY, "secretariat"),
    "open_review": ({C.ELIGIBILITY}, C.REVIEW, "secretariat"),
    "start_consensus": ({C.REVIEW}, C.CONSENSUS, "system"),
    "start_deliberation": ({C.CONSENSUS}, C.DELIBERATION, "chair"),
    "publish": ({C.DELIBERATION}, C.RESULTS_PUBLISHED, "chair"),
    "archive": ({C.RESULTS_PUBLISHED}, C.ARCHIVED, "secretariat"),
}


def transition_application(
    application: Application,
    name: str,
    *,
    role: str,
    actor: Any = None,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Application:
    sources, target, allowed_role = APPLICATION_TRANSITIONS[name]
    if role != allowed_role:
        raise InvalidTransition("Vous n'avez pas le droit d'effectuer cette action sur la candidature.")
    if application.status not in sources:
        raise InvalidTransition(
            f"Action impossible : la candidature est à l'état « {application.get_status_display()} »."
        )
    previous = application.status
    application.status = target
    Application.objects.filter(pk=application.pk).update(status=target)
    audit.record(
        f"application.{name}",
        actor=actor,
        call=application.call,
        target=application,
        payload={"from": previous, "to": target, "reason": reason},
        now=now,
    )
    return application


def transition_call(
    call: Call,
    name: str,
    *,
    role: str,
    actor: Any = None,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Call:
    sources, target, allowed_role = CALL_TRANSITIONS[name]
    if role != allowed_role:
        raise InvalidTransition("Vous n'avez pas le droit d'effectuer cette action sur l'appel.")
    if call.status not in sources:
        raise InvalidTransition(f"Action impossible : l'appel est à l'état « {call.get_status_display()} ».")
    previous = call.status
    call.status = target
    Call.objects.filter(pk=call.pk).update(status=target)
    from hub.signals import call_changed  # update() sends no post_save: the public pages are purged here

    call_changed(Call, call)
    audit.record(
        f"call.{name}",
        actor=actor,
        call=call,
        target=call,
        payload={"from": previous, "to": target, "reason": reason},
        now=now,
    )
    return call


@transaction.atomic
def announce_call(call: Call, actor: Any, now: datetime.datetime | None = None) -> Call:
    """Publishes the call: the theme must be set and the grid complete; the grid is frozen and hashed."""
    if call.status != C.DRAFT:
        raise InvalidTransition("L'appel est déjà annoncé.")
    if call.theme_id is None:
        raise HubError("Choisissez le thème de l'année avant d'annoncer l'appel.")
    frozen = freeze_grid(call, now=now)
    call.grid_hash, call.grid_frozen_at = frozen.grid_hash, frozen.grid_frozen_at
    transition_call(call, "announce", role="secretariat", actor=actor, now=now)
    audit.record(
        "call.grid_frozen",
        actor=actor,
        call=call,
        target=call,
        payload={"grid_hash": call.grid_hash},
        now=now,
    )
    return call


@transaction.atomic
def start_eligibility(call: Call, actor: Any, now: datetime.datetime | None = None) -> Call:
    now = now or timezone.now()
    if now < call.closes_at:
        raise HubError("Les candidatures ne sont pas encore closes.")
    tick(now=now, calls=[call])
    call.refresh_from_db()
    return transition_call(call, "start_eligibility", role="secretariat", actor=actor, now=now)


def open_review_problems(call: Call) -> list[str]:
    problems = []
    pending = call.applications.filter(status__in=(S.SUBMITTED, S.INFO_REQUESTED)).count()
    if pending:
        problems.append(f"{pending} candidature(s) attendent encore une décision d'éligibilité.")
    appeals = call.applications.filter(status=S.APPEAL_PENDING).count()
    if appeals:
        problems.append(f"{appeals} recours sur l'éligibilité attendent leur examen.")
    for application in call.applications.filter(status=S.ELIGIBLE).order_by("reference"):
        active = application.assignments.filter(status=Assignment.Status.ACTIVE).count()
        if active < call.min_reviews_per_application:
            problems.append(
                f"{application.pseudonym} : {active} expert(s) actif(s) sur {call.min_reviews_per_application} requis."
            )
    unsigned = (
        Assignment.objects.filter(
            application__call=call, status=Assignment.Status.ACTIVE, expert__charter_signed_at__isnull=True
        )
        .values_list("expert_id", flat=True)
        .distinct()
        .count()
    )
    if unsigned:
        problems.append(f"{unsigned} expert(s) n'ont pas signé la charte.")
    return problems


@transaction.atomic
def open_review(call: Call, actor: Any, now: datetime.datetime | None = None) -> Call:
    problems = open_review_problems(call)
    if problems:
        raise HubError("L'évaluation ne peut pas commencer : " + " ".join(problems))
    transition_call(call, "open_review", role="secretariat", actor=actor, now=now)
    for application in call.applications.filter(status=S.ELIGIBLE):
        transition_application(application, "start_review", role="system", now=now)
    return call


def ensure_consensus_reports(call: Call) -> None:
    from .consensus import ensure_report

    for application in call.applications.filter(status__in=(S.IN_REVIEW, S.REVIEWED)):
        ensure_report(application)


@transaction.atomic
def start_deliberation(call: Call, actor: Any, now: datetime.datetime | None = None) -> Call:
    missing = call.applications.filter(status__in=(S.IN_REVIEW, S.REVIEWED)).count()
    if missing:
        raise HubError(f"{missing} dossier(s) n'ont pas encore de consensus validé.")
    return transition_call(call, "start_deliberation", role="chair", actor=actor, now=now)


def tick(now: datetime.datetime | None = None, calls: Any = None) -> list[tuple[str, str]]:
    """Time-based transitions. Idempotent: running it twice changes nothing more; returns what changed."""
    now = now or timezone.now()
    changed = []
    calls = calls if calls is not None else Call.objects.exclude(status__in=(C.DRAFT, C.ARCHIVED))
    for call in calls:
        with transaction.atomic():
            call = Call.objects.select_for_update().get(pk=call.pk)
            if call.status == C.ANNOUNCED and now >= call.opens_at and now < call.closes_at:
                transition_call(call, "open", role="system", now=now)
                changed.append((call.slug, "open"))
            if call.status in (C.ANNOUNCED, C.OPEN) and now >= call.closes_at:
                transition_call(call, "close", role="system", now=now)
                changed.append((call.slug, "close"))
            if call.status == C.REVIEW and now >= call.review_deadline:
                transition_call(call, "start_consensus", role="system", now=now)
                for application in call.applications.filter(status=S.IN_REVIEW):
                    transition_application(application, "mark_reviewed", role="system", now=now)
                ensure_consensus_reports(call)
                changed.append((call.slug, "start_consensus"))
            from .summaries import send_deadline_summaries

            if send_deadline_summaries(call, now=now):
                changed.append((call.slug, "chair_summary"))
    return changed
