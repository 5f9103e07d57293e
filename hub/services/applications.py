"""Applicants' side: starting, completing, submitting and withdrawing an application; eligibility screening."""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone

from hub.exceptions import READ_ONLY_MESSAGE, DeadlinePassed, HubError, IncompleteSubmission, ReadOnlyMember
from hub.models import (
    CONTENT_FIELDS,
    ELIGIBLE_LEGAL_FORMS,
    Application,
    ApplicationStatus,
    Attachment,
    Call,
    CallStatus,
    EligibilityCheck,
    FormToken,
    LegalForm,
    Organisation,
)

from . import audit, notifications
from .timezones import reference_time_zone, user_time_zone
from .transitions import transition_application

# Step of the application form where each item is filled in (for "what is missing" links).
STEP_OF_FIELD = {
    "title": 2,
    "summary_public": 2,
    "practice": 2,
    "population": 2,
    "project_start": 2,
    "duration_months": 2,
    "maturity": 2,
    "evidence": 3,
    "innovation": 3,
    "transferability": 3,
    "participation_ethics": 3,
}
STEPS = [
    (1, "Votre organisation"),
    (2, "La pratique"),
    (3, "Impact et essaimage"),
    (4, "Ressources humaines"),
    (5, "Pièces jointes, consentement et dépôt"),
]


def format_deadline(moment: datetime.datetime, user: Any = None) -> str:
    """'15 mars 2026 à 18:00 (America/Toronto)', plus the reference time zone when it differs."""
    tz = user_time_zone(user)
    local = timezone.localtime(moment, tz)
    text = f"{formats.date_format(local, 'j F Y à H:i')} ({tz.key})"
    ref = reference_time_zone()
    if ref.key != tz.key:
        text += f", soit {formats.date_format(timezone.localtime(moment, ref), 'j F Y à H:i')} à Paris"
    return text


def _new_pseudonym(call: Call) -> str:
    taken = set(call.applications.values_list("pseudonym", flat=True))
    while True:
        candidate = f"P-{secrets.randbelow(900) + 100}"
        if candidate not in taken:
            return candidate


def require_editor(
    user: Any, application: Application | None = None, organisation: Organisation | None = None
) -> None:
    """Every change to an application goes through here: a « Lecteur » member only reads."""
    from hub.permissions import EDITING_ROLES

    if organisation is None:
        assert application is not None, "an application or an organisation"
        organisation_id = application.organisation_id
    else:
        organisation_id = organisation.pk
    if not user.hub_memberships.filter(organisation_id=organisation_id, role__in=EDITING_ROLES).exists():
        raise ReadOnlyMember(READ_ONLY_MESSAGE)


def use_form_token(application: Application, token: Any, now: datetime.datetime | None = None) -> bool:
    """True the first time a form's one-time token is used; False when the same form comes back a second time.
    A post without a token (not from our form) is not deduplicated. Call inside a transaction."""
    if token is None:
        return True
    try:
        with transaction.atomic():
            FormToken.objects.create(token=token, application=application, used_at=now or timezone.now())
    except IntegrityError:
        return False
    return True


def save_staffing(
    application: Application, user: Any, formset: Any, token: Any = None, now: datetime.datetime | None = None
) -> Any:
    """Saves the human-resources plan once per form (a second post of the same form changes nothing) and never
    past MAX_STAFFING_LINES lines, whatever the posted management form says. False for a repeat post."""
    from hub.forms import MAX_STAFFING_LINES

    require_editor(user, application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.is_editable:
            raise HubError("Cette candidature ne peut plus être modifiée.")
        if not use_form_token(locked, token, now):
            return False
        formset.save()
        if locked.staffing_lines.count() > MAX_STAFFING_LINES:
            transaction.set_rollback(True)
            raise HubError(f"Le plan de ressources humaines compte {MAX_STAFFING_LINES} postes au plus.")
        audit.record("application.staffing", actor=user, call=locked.call, target=locked, now=now)
    return True


def add_attachment(
    application: Application,
    user: Any,
    *,
    label: str,
    upload: Any,
    token: Any = None,
    now: datetime.datetime | None = None,
) -> Any:
    """Adds one PDF once per form; returns the attachment, or None for a repeat post of the same form."""
    require_editor(user, application)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.is_editable:
            raise HubError("Cette candidature ne peut plus être modifiée.")
        if not use_form_token(locked, token, now):
            return None
        attachment = Attachment.objects.create(
            application=locked,
            label=label,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
            sha256=digest.hexdigest(),
        )
        audit.record("attachment.add", actor=user, call=locked.call, target=attachment, now=now)
    return attachment


def delete_attachment(attachment: Attachment, user: Any, now: datetime.datetime | None = None) -> None:
    application = attachment.application
    require_editor(user, application)
    if not application.is_editable:
        raise HubError("Cette candidature ne peut plus être modifiée.")
    with transaction.atomic():
        audit.record(
            "attachment.delete",
            actor=user,
            call=application.call,
            target=attachment,
            payload={"label": attachment.label},
            now=now,
        )
        attachment.file.delete(save=False)
        attachment.delete()


def start_application(
    call: Call, organisation: Organisation, user: Any, token: Any, now: datetime.datetime | None = None
) -> Application:
    """Creates the application once per form token: a double-click (same token) returns the first one."""
    existing = Application.objects.filter(creation_token=token).first()
    if existing:
        return existing
    require_editor(user, organisation=organisation)
    now = now or timezone.now()
    if not call.accepts_applications(now):
        raise DeadlinePassed(
            "Les candidatures ne sont pas ouvertes : elles sont acceptées du "
            f"{format_deadline(call.opens_at, user)} au {format_deadline(call.closes_at, user)}."
        )
    try:
        with transaction.atomic():
            locked = Call.objects.select_for_update().get(pk=call.pk)
            number = locked.applications.count() + 1
            while Application.objects.filter(reference=f"PH{call.year}-{number:04d}").exists():
                number += 1
            application = Application.objects.create(
                call=call,
                organisation=organisation,
                created_by=user,
                creation_token=token,
                reference=f"PH{call.year}-{number:04d}",
                pseudonym=_new_pseudonym(call),
            )
            audit.record("application.create", actor=user, call=call, target=application, now=now)
            return application
    except IntegrityError:
        existing = Application.objects.filter(creation_token=token).first()
        if existing:
            return existing
        raise


def required_person_months(application: Application) -> Decimal | None:
    if not application.duration_months:
        return None
    return Decimal(application.call.min_hr_fte) * application.duration_months


def hr_is_sufficient(application: Application) -> bool:
    needed = required_person_months(application)
    return (
        needed is not None
        and application.total_person_months >= needed
        and all(
            line.months <= (application.duration_months or 0) for line in application.staffing_lines.all()
        )
    )


def missing_items(application: Application) -> list[tuple[int, str]]:
    """Everything that blocks the submission, as (step, message) pairs in French."""
    missing: list[tuple[int, str]] = []
    if application.organisation.legal_form not in ELIGIBLE_LEGAL_FORMS:
        missing.append((1, "La forme juridique de votre organisation n'est pas éligible à l'appel."))
    for name in CONTENT_FIELDS + ("project_start", "duration_months", "maturity"):
        if getattr(application, name) in (None, ""):
            label = getattr(Application._meta.get_field(name), "verbose_name", name)
            missing.append((STEP_OF_FIELD[name], f"Champ à remplir : {label}."))
    lines = list(application.staffing_lines.all())
    if not lines:
        missing.append((4, "Le plan de ressources humaines est vide."))
    elif application.duration_months and not hr_is_sufficient(application):
        needed = required_person_months(application) or Decimal(0)
        missing.append(
            (
                4,
                f"Les ressources humaines prévues ({application.total_person_months.normalize()} mois-personne) ne "
                f"couvrent pas le minimum de l'appel ({needed.normalize()} mois-personne sur "
                f"{application.duration_months} mois), ou un poste dépasse la durée du projet.",
            )
        )
    if application.public_listing_consent is None:
        missing.append((5, "Répondez à la question sur le référencement public."))
    return missing


def identity_leaks(application: Application) -> list[str]:
    """Fields shown to the (blind) experts that contain the organisation's name: a warning before submission."""
    name = application.organisation.name.strip().lower()
    if len(name) < 4:
        return []
    return [
        str(getattr(Application._meta.get_field(field), "verbose_name", field))
        for field in CONTENT_FIELDS
        if name in (getattr(application, field) or "").lower()
    ]


def snapshot(application: Application) -> tuple[dict[str, Any], str]:
    org = application.organisation
    data = {
        "reference": application.reference,
        "call": application.call.year,
        "organisation": {
            "name": org.name,
            "legal_form": org.legal_form,
            "country": org.country,
            "city": org.city,
            "registration_number": org.registration_number,
            "website": org.website,
        },
        "content": {name: getattr(application, name) for name in CONTENT_FIELDS},
        "project_start": application.project_start.isoformat() if application.project_start else None,
        "duration_months": application.duration_months,
        "maturity": application.maturity,
        "staffing": [
            {
                "role": line.role_label,
                "fte": str(line.fte),
                "months": line.months,
                "funding": line.funding_source,
            }
            for line in application.staffing_lines.all()
        ],
        "attachments": [
            {"label": a.label, "name": a.original_name, "size": a.size, "sha256": a.sha256}
            for a in application.attachments.all()
        ],
        "public_listing_consent": application.public_listing_consent,
    }
    digest = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    return data, digest


def late_message(call: Call, user: Any) -> str:
    return (
        "Le dépôt n'est plus possible : la date limite était le "
        f"{format_deadline(call.closes_at, user)}. Votre brouillon reste enregistré."
    )


def submit_application(
    application: Application, user: Any, now: datetime.datetime | None = None
) -> Application:
    """Submits (or resubmits after a request for information). A second click is a harmless no-op."""
    require_editor(user, application)
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("call", "organisation")
            .get(pk=application.pk)
        )
        if application.status == ApplicationStatus.SUBMITTED:
            return application
        call = application.call
        if application.status == ApplicationStatus.INFO_REQUESTED:
            deadline = application.info_requested_until or call.closes_at
            if now >= deadline:
                raise DeadlinePassed(
                    f"Le complément était attendu avant le {format_deadline(deadline, user)}."
                )
            name = "resubmit"
        else:
            if not call.accepts_applications(now):
                raise DeadlinePassed(late_message(call, user))
            name = "submit"
        missing = missing_items(application)
        if missing:
            raise IncompleteSubmission("Votre candidature est incomplète.", missing)
        data, digest = snapshot(application)
        application.submitted_snapshot, application.snapshot_hash, application.submitted_at = (
            data,
            digest,
            now,
        )
        application.save(update_fields=["submitted_snapshot", "snapshot_hash", "submitted_at", "updated_at"])
        transition_application(
            application, name, role="applicant", actor=user, now=now, reason=f"empreinte {digest}"
        )
    notifications.send(
        "application_receipt",
        user,
        {
            "application": application,
            "call": call,
            "deadline": format_deadline(call.closes_at, user),
            "submitted": format_deadline(now, user),
            "url": reverse("hub:application-detail", args=[application.pk]),
        },
        dedupe=["receipt", application.pk, digest],
        now=now,
    )
    return application


def withdraw_application(
    application: Application, user: Any, now: datetime.datetime | None = None
) -> Application:
    require_editor(user, application)
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        transition_application(application, "withdraw", role="applicant", actor=user, now=now)
        application.withdrawn_at = now
        application.save(update_fields=["withdrawn_at", "updated_at"])
    return application


def automatic_checks(application: Application) -> dict[str, bool]:
    """Machine-checked part of the screening; a human confirms and writes the reason."""
    return {
        "legal_form_ok": application.organisation.legal_form in ELIGIBLE_LEGAL_FORMS,
        "hr_sufficient": hr_is_sufficient(application),
        "complete": not missing_items(application),
    }


def decide_eligibility(
    application: Application,
    user: Any,
    *,
    decision: str,
    reason: str = "",
    legal_form_ok: bool = False,
    hr_sufficient: bool = False,
    theme_fit: bool = False,
    complete: bool = False,
    info_deadline: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    now = now or timezone.now()
    reason = (reason or "").strip()
    if decision != EligibilityCheck.Decision.ELIGIBLE and not reason:
        raise HubError("Un motif écrit est obligatoire pour toute décision autre que « éligible ».")
    if application.call.status not in (CallStatus.OPEN, CallStatus.CLOSED, CallStatus.ELIGIBILITY):
        raise HubError("L'examen d'éligibilité est terminé pour cet appel.")
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        transition: str = {
            EligibilityCheck.Decision.ELIGIBLE.value: "declare_eligible",
            EligibilityCheck.Decision.INELIGIBLE.value: "declare_ineligible",
            EligibilityCheck.Decision.MORE_INFO.value: "request_info",
        }[decision]
        transition_application(
            application, transition, role="secretariat", actor=user, reason=reason, now=now
        )
        EligibilityCheck.objects.update_or_create(
            application=application,
            defaults={
                "legal_form_ok": legal_form_ok,
                "hr_sufficient": hr_sufficient,
                "theme_fit": theme_fit,
                "complete": complete,
                "decision": decision,
                "reason": reason,
                "checked_by": user,
                "checked_at": now,
            },
        )
        if decision == EligibilityCheck.Decision.MORE_INFO:
            application.info_requested_until = info_deadline or application.call.closes_at
            application.save(update_fields=["info_requested_until", "updated_at"])
    if application.created_by:
        notifications.send(
            "eligibility_decision",
            application.created_by,
            {
                "application": application,
                "decision": decision,
                "reason": reason,
                "decision_label": EligibilityCheck.Decision(decision).label,
                "info_deadline": format_deadline(application.info_requested_until, application.created_by)
                if decision == EligibilityCheck.Decision.MORE_INFO and application.info_requested_until
                else "",
            },
            dedupe=["eligibility", application.pk, decision, reason],
            now=now,
        )
    return application


APPEAL_PHASES = (CallStatus.OPEN, CallStatus.CLOSED, CallStatus.ELIGIBILITY)


def may_appeal(application: Application) -> bool:
    eligibility = getattr(application, "eligibility", None)
    return (
        application.status == ApplicationStatus.INELIGIBLE
        and eligibility is not None
        and eligibility.appealed_at is None
        and application.call.status in APPEAL_PHASES
    )


def file_appeal(
    application: Application, user: Any, reason: str, now: datetime.datetime | None = None
) -> Application:
    """One procedural appeal of an ineligibility decision, before the review opens; a written reason."""
    now = now or timezone.now()
    require_editor(user, application)
    reason = (reason or "").strip()
    if not reason:
        raise HubError("Expliquez en quelques lignes pourquoi la décision devrait être revue.")
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        if application.status == ApplicationStatus.APPEAL_PENDING:
            return application  # a second click
        if not may_appeal(application):
            raise HubError(
                "Un recours n'est plus possible pour cette candidature : il se dépose une fois, avant "
                "le début de l'évaluation."
            )
        EligibilityCheck.objects.filter(application=application).update(appeal_reason=reason, appealed_at=now)
        transition_application(application, "appeal", role="applicant", actor=user, reason=reason, now=now)
    for recipient in {user, application.created_by} - {None}:
        notifications.send(
            "appeal_received",
            recipient,
            {
                "application": application,
                "reason": reason,
                "url": reverse("hub:application-detail", args=[application.pk]),
            },
            dedupe=["appeal", application.pk],
            now=now,
        )
    return application


def decide_appeal(
    application: Application, user: Any, *, upheld: bool, note: str, now: datetime.datetime | None = None
) -> Application:
    """Decided by a secretariat member other than the author of the ineligibility decision."""
    now = now or timezone.now()
    note = (note or "").strip()
    if not note:
        raise HubError("La réponse au recours est obligatoire : elle est envoyée au porteur.")
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        eligibility = EligibilityCheck.objects.select_for_update().get(application=application)
        if application.status != ApplicationStatus.APPEAL_PENDING:
            raise HubError("Aucun recours n'est en attente sur cette candidature.")
        if eligibility.checked_by_id == user.pk:
            raise HubError(
                "Le recours est examiné par une autre personne que l'auteur de la première décision."
            )
        transition_application(
            application,
            "uphold_appeal" if upheld else "reject_appeal",
            role="secretariat",
            actor=user,
            reason=note,
            now=now,
        )
        EligibilityCheck.objects.filter(pk=eligibility.pk).update(
            appeal_upheld=upheld,
            appeal_note=note,
            appeal_decided_by=user,
            appeal_decided_at=now,
            **({"decision": EligibilityCheck.Decision.ELIGIBLE} if upheld else {}),
        )
    if application.created_by:
        notifications.send(
            "appeal_decision",
            application.created_by,
            {
                "application": application,
                "upheld": upheld,
                "note": note,
                "url": reverse("hub:application-detail", args=[application.pk]),
            },
            dedupe=["appeal-decision", application.pk],
            now=now,
        )
    return application


def eligible_legal_forms_text() -> str:
    return ", ".join(str(LegalForm(v).label).lower() for v in LegalForm.values if v in ELIGIBLE_LEGAL_FORMS)
