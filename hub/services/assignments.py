"""Assigning experts: conflicts of interest (declared and auto-detected), balanced suggestions, reminders."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any
from urllib.parse import urlparse

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hub.exceptions import ConflictOfInterest, HubError
from hub.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    ConflictDeclaration,
    Expert,
    Organisation,
    Review,
)
from hub.permissions import blocking_conflicts, get_expert, is_chair

from . import audit, notifications
from .applications import format_deadline

L = ConflictDeclaration.Level
R = ConflictDeclaration.Resolution


def organisation_domains(organisation: Organisation) -> set[str]:
    domains = set()
    if organisation.email_domain:
        domains.add(organisation.email_domain.lower().lstrip("@"))
    if organisation.website:
        host = urlparse(organisation.website).hostname or ""
        if host:
            domains.add(host.lower().removeprefix("www."))
    for member in organisation.members.all():  # prefetched with their users by callers listing many
        if "@" in (member.user.email or ""):
            domains.add(member.user.email.rsplit("@", 1)[1].lower())
    return domains


GENERIC_DOMAINS = {
    "gmail.com",
    "yahoo.fr",
    "yahoo.com",
    "hotmail.com",
    "hotmail.fr",
    "outlook.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "icloud.com",
    "example.org",
}


def detect_conflict(expert: Expert, application: Application) -> str | None:
    """Return a reason when the expert's affiliation or email domain matches the organisation."""
    organisation = application.organisation
    if expert.affiliation and expert.affiliation.strip().lower() == organisation.name.strip().lower():
        return "Même organisation que l'affiliation déclarée de l'expert."
    shared = (expert.domains() & organisation_domains(organisation)) - GENERIC_DOMAINS
    if shared:
        return f"Domaine de messagerie commun : {', '.join(sorted(shared))}."
    return None


def record_auto_conflict(
    expert: Expert, application: Application, reason: str, now: datetime.datetime | None = None
) -> Any:
    declaration, created = ConflictDeclaration.objects.get_or_create(
        expert=expert,
        application=application,
        defaults={
            "level": L.POTENTIAL,
            "relation": ConflictDeclaration.Relation.EMPLOYER,
            "details": reason,
            "source": ConflictDeclaration.Source.AUTO,
            "declared_at": now or timezone.now(),
        },
    )
    if created:
        audit.record(
            "coi.auto_detected",
            call=application.call,
            target=declaration,
            payload={"expert": expert.pk, "application": application.pk, "reason": reason},
            now=now,
        )
    return declaration


def call_experts(call: Call) -> Any:
    return list(
        Expert.objects.filter(memberships__call=call, memberships__is_active=True)
        .select_related("user")
        .order_by("id")
    )


def suggest_assignments(call: Call, per_application: int | None = None) -> dict[Any, list[Any]]:
    """A balanced proposal: ≥ min reviewers per eligible application, never a conflicted expert (declared or
    auto-detected), lowest load first, different countries when possible. Deterministic."""
    per_application = per_application or call.min_reviews_per_application
    experts = call_experts(call)
    applications = list(
        call.applications.filter(status__in=(ApplicationStatus.ELIGIBLE, ApplicationStatus.SUBMITTED))
        .select_related("organisation")
        .prefetch_related("organisation__members__user")
        .order_by("reference")
    )
    conflicts = set(
        ConflictDeclaration.objects.filter(application__call=call)
        .exclude(level=L.NONE)
        .exclude(resolution=R.WAIVED)
        .values_list("expert_id", "application_id")
    )
    existing: dict[int, set[int]] = {}
    load: Counter[int] = Counter()
    for a in Assignment.objects.filter(application__call=call).exclude(
        status__in=(Assignment.Status.DECLINED, Assignment.Status.RECUSED)
    ):
        existing.setdefault(a.application_id, set()).add(a.expert_id)
        load[a.expert_id] += 1
    candidates = {}
    for application in applications:
        candidates[application.pk] = [
            e
            for e in experts
            if (e.pk, application.pk) not in conflicts and detect_conflict(e, application) is None
        ]
    proposal = {}
    # Hardest applications (fewest possible experts) first.
    for application in sorted(applications, key=lambda a: (len(candidates[a.pk]), a.reference)):
        chosen = set(existing.get(application.pk, set()))
        picks = []
        countries = {application.organisation.country}
        while len(chosen) < per_application:
            pool = [e for e in candidates[application.pk] if e.pk not in chosen]
            if not pool:
                break
            pool.sort(key=lambda e: (load[e.pk], e.country in countries, e.pk))
            pick = pool[0]
            chosen.add(pick.pk)
            picks.append(pick)
            load[pick.pk] += 1
            countries.add(pick.country)
        proposal[application] = picks
    return proposal


def assign(
    application: Application,
    expert: Expert,
    actor: Any,
    now: datetime.datetime | None = None,
    due_at: datetime.datetime | None = None,
) -> Assignment:
    """Invites an expert; an auto-detected conflict is recorded as 'potential' for the chair to decide."""
    now = now or timezone.now()
    due_at = due_at or application.call.review_deadline
    with transaction.atomic():
        assignment, created = Assignment.objects.get_or_create(
            application=application,
            expert=expert,
            defaults={"assigned_by": actor, "assigned_at": now, "due_at": due_at},
        )
        if not created:
            return assignment
        audit.record(
            "assignment.create",
            actor=actor,
            call=application.call,
            target=assignment,
            payload={"expert": expert.pk, "application": application.pk},
            now=now,
        )
        reason = detect_conflict(expert, application)
        if reason:
            record_auto_conflict(expert, application, reason, now=now)
    notifications.send(
        "expert_invitation",
        expert.user,
        {
            "pseudonym": application.pseudonym,
            "title": application.title,
            "call": application.call,
            "deadline": format_deadline(due_at, expert.user),
            "url": reverse("hub:expert-conflict", args=[application.pk]),
        },
        dedupe=["invitation", assignment.pk],
        now=now,
    )
    return assignment


def apply_suggestion(call: Call, actor: Any, now: datetime.datetime | None = None) -> int:
    created = 0
    for application, experts in suggest_assignments(call).items():
        for expert in experts:
            assign(application, expert, actor, now=now)
            created += 1
    return created


def sign_charter(expert: Expert, now: datetime.datetime | None = None) -> Expert:
    if expert.charter_signed_at is None:
        expert.charter_signed_at = now or timezone.now()
        expert.save(update_fields=["charter_signed_at"])
        audit.record("expert.charter_signed", actor=expert.user, target=expert, now=now)
    return expert


def set_public_consent(expert: Expert, consent: bool, now: datetime.datetime | None = None) -> Expert:
    """The member's own choice to be named (name, affiliation, country) on the public committee page."""
    if expert.public_consent != consent:
        expert.public_consent = consent
        expert.save(update_fields=["public_consent"])
        audit.record(
            "expert.public_consent", actor=expert.user, target=expert, payload={"consent": consent}, now=now
        )
    return expert


def declare_conflict(
    assignment: Assignment,
    *,
    level: str,
    relation: str = "",
    details: str = "",
    now: datetime.datetime | None = None,
) -> ConflictDeclaration:
    """The expert's declaration, made on the title-only teaser, before any content is shown."""
    now = now or timezone.now()
    expert = assignment.expert
    if expert.charter_signed_at is None:
        raise HubError("Signez d'abord la charte de confidentialité et de déontologie.")
    if level != L.NONE and not (details or "").strip() and level == L.POTENTIAL:
        raise HubError("Précisez la nature du lien pour que la présidence puisse décider.")
    with transaction.atomic():
        declaration = ConflictDeclaration.objects.filter(
            expert=expert, application=assignment.application
        ).first()
        if declaration and declaration.level != L.NONE and level == L.NONE:
            raise ConflictOfInterest(
                "Un conflit déjà déclaré ou détecté ne peut être levé que par la présidence."
            )
        if declaration is None:
            declaration = ConflictDeclaration(expert=expert, application=assignment.application)
        declaration.level, declaration.relation, declaration.details = level, relation, details
        declaration.declared_at = now
        declaration.source = ConflictDeclaration.Source.SELF
        if level == L.DISQUALIFYING:
            declaration.resolution = R.RECUSED
            declaration.resolved_at = now
        declaration.save()
        audit.record(
            "coi.declare",
            actor=expert.user,
            call=assignment.application.call,
            target=declaration,
            payload={"level": level, "relation": relation},
            now=now,
        )
        _apply_conflict(assignment, declaration, actor=expert.user, now=now)
    return declaration


def _apply_conflict(
    assignment: Assignment, declaration: ConflictDeclaration, actor: Any, now: datetime.datetime
) -> None:
    if declaration.level == L.NONE or declaration.resolution == R.WAIVED:
        if assignment.status == Assignment.Status.INVITED:
            assignment.status = Assignment.Status.ACTIVE
            assignment.save(update_fields=["status"])
            audit.record(
                "assignment.activate",
                actor=actor,
                call=assignment.application.call,
                target=assignment,
                now=now,
            )
        return
    if declaration.resolution == R.RECUSED:
        previous = assignment.status
        assignment.status = Assignment.Status.RECUSED
        assignment.save(update_fields=["status"])
        audit.record(
            "assignment.recuse",
            actor=actor,
            call=assignment.application.call,
            target=assignment,
            payload={"from": previous},
            now=now,
        )
        # A conflict found late: the review (even submitted) drops out of every aggregate.
        review = Review.objects.filter(assignment=assignment).first()
        if review and review.status != Review.Status.EXCLUDED:
            Review.objects.filter(pk=review.pk).update(
                status=Review.Status.EXCLUDED, submitted_at=review.submitted_at or now
            )
            audit.record(
                "review.exclude",
                actor=actor,
                call=assignment.application.call,
                target=review,
                payload={"reason": "conflit d'intérêts"},
                now=now,
            )


def declare_late_conflict(
    user: Any,
    application: Application,
    *,
    level: str,
    relation: str = "",
    details: str = "",
    now: datetime.datetime | None = None,
) -> ConflictDeclaration:
    assignment = Assignment.objects.get(application=application, expert=get_expert(user))
    return declare_conflict(assignment, level=level, relation=relation, details=details, now=now)


def resolve_conflict(
    declaration: ConflictDeclaration,
    actor: Any,
    *,
    resolution: str,
    note: str,
    now: datetime.datetime | None = None,
) -> ConflictDeclaration:
    """The chair (or vice-chair) waives or confirms a potential conflict; never their own."""
    now = now or timezone.now()
    call = declaration.application.call
    if not is_chair(actor, call):
        raise ConflictOfInterest("Seule la présidence du comité peut trancher un conflit d'intérêts.")
    if get_expert(actor) == declaration.expert:
        raise ConflictOfInterest("Vous ne pouvez pas trancher votre propre conflit d'intérêts.")
    if blocking_conflicts().filter(expert=get_expert(actor), application=declaration.application).exists():
        raise ConflictOfInterest("Vous êtes vous-même en conflit sur ce dossier.")
    if not (note or "").strip():
        raise HubError("Un motif écrit est obligatoire.")
    if resolution not in (R.WAIVED, R.RECUSED):
        raise HubError("Décision inconnue.")
    with transaction.atomic():
        declaration.resolution, declaration.resolved_by = resolution, actor
        declaration.resolved_at, declaration.resolution_note = now, note.strip()
        declaration.save()
        audit.record(
            f"coi.{resolution}", actor=actor, call=call, target=declaration, payload={"note": note}, now=now
        )
        assignment = Assignment.objects.filter(
            expert=declaration.expert, application=declaration.application
        ).first()
        if assignment:
            _apply_conflict(assignment, declaration, actor=actor, now=now)
    return declaration


def missing_reviews(call: Call) -> Any:
    """Active assignments whose review is not submitted yet, for the secretariat's follow-up."""
    return (
        Assignment.objects.filter(application__call=call, status=Assignment.Status.ACTIVE)
        .exclude(review__status=Review.Status.SUBMITTED)
        .select_related("expert__user", "application")
        .order_by("expert__user__last_name", "application__pseudonym")
    )


def send_reminders(call: Call, now: datetime.datetime | None = None, *, manual: bool = False) -> int:
    """D-7, D-2 and D-0 reminders (or a manual one, at most once a day), only to experts with missing reviews."""
    now = now or timezone.now()
    days_left = (timezone.localdate(call.review_deadline) - timezone.localdate(now)).days
    if manual:
        stage = f"manuel-{timezone.localdate(now).isoformat()}"
    elif days_left in (7, 2, 0) and now < call.review_deadline:
        stage = f"J-{days_left}"
    else:
        return 0
    by_expert: dict[Expert, list[str]] = {}
    for assignment in missing_reviews(call):
        by_expert.setdefault(assignment.expert, []).append(assignment.application.pseudonym)
    sent = 0
    for expert, pseudonyms in by_expert.items():
        sent += notifications.send(
            "review_reminder",
            expert.user,
            {
                "call": call,
                "pseudonyms": pseudonyms,
                "deadline": format_deadline(call.review_deadline, expert.user),
                "url": reverse("hub:expert-dashboard"),
            },
            dedupe=["reminder", call.pk, stage, expert.pk],
            now=now,
        )
    if sent:
        audit.record("reminders.sent", call=call, payload={"stage": stage, "count": sent}, now=now)
    return sent
