"""RGPD: export and erase the personal data of an applicant or an expert; the hub's retention period."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hub.models import (
    CONTENT_FIELDS,
    Application,
    ApplicationStatus,
    Attachment,
    AuditEvent,
    Call,
    ConflictDeclaration,
    Expert,
    HubProfile,
    NotificationLog,
    OrganisationMember,
    Review,
)

from . import audit


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _application(a: Application) -> dict[str, Any]:
    eligibility = getattr(a, "eligibility", None)
    return {
        "référence": a.reference,
        "appel": a.call.title,
        "état": a.get_status_display(),
        "déposée le": _iso(a.submitted_at),
        "retirée le": _iso(a.withdrawn_at),
        "contenu": {
            str(getattr(Application._meta.get_field(f), "verbose_name", f)): getattr(a, f)
            for f in CONTENT_FIELDS
        },
        "début du projet": _iso(a.project_start),
        "durée (mois)": a.duration_months,
        "maturité": a.get_maturity_display() if a.maturity else None,
        "référencement public accepté": a.public_listing_consent,
        "ressources humaines": [
            {
                "rôle": line.role_label,
                "ETP": str(line.fte),
                "mois": line.months,
                "financement": line.funding_source,
            }
            for line in a.staffing_lines.all()
        ],
        "pièces jointes": [
            {
                "intitulé": p.label,
                "nom": p.original_name,
                "taille (octets)": p.size,
                "empreinte": p.sha256,
                "ajoutée le": _iso(p.uploaded_at),
                "fichier encore conservé": bool(p.file),
            }
            for p in a.attachments.all()
        ],
        "éligibilité": {
            "décision": eligibility.get_decision_display(),
            "motif": eligibility.reason,
            "forme juridique éligible": eligibility.legal_form_ok,
            "ressources suffisantes": eligibility.hr_sufficient,
            "en lien avec le thème": eligibility.theme_fit,
            "dossier complet": eligibility.complete,
            "décidée le": _iso(eligibility.checked_at),
        }
        if eligibility
        else None,
    }


def _expert(expert: Expert) -> dict[str, Any]:
    return {
        "affiliation": expert.affiliation,
        "domaines liés": expert.organisation_domains,
        "pays": expert.get_country_display() if expert.country else "",
        "langues": expert.languages,
        "expertises": expert.expertise_tags,
        "liens d'intérêts déclarés": expert.declared_interests,
        "charte signée le": _iso(expert.charter_signed_at),
        "nom publié sur la page du comité": expert.public_consent,
        "notes de calibration": [
            {
                "exemple": c.example.title,
                "critère": c.criterion.code,
                "note": c.score_half / 2,
                "le": _iso(c.submitted_at),
            }
            for c in expert.calibration_scores.select_related("example", "criterion").order_by(
                "example_id", "pk"
            )
        ],
        "appels": [
            {"appel": m.call.title, "rôle": m.get_role_display(), "actif": m.is_active}
            for m in expert.memberships.select_related("call")
        ],
        "conflits déclarés": [
            {
                "dossier": c.application.pseudonym,
                "niveau": c.get_level_display(),
                "lien": c.get_relation_display(),
                "précisions": c.details,
                "décision": c.get_resolution_display(),
                "le": _iso(c.declared_at),
            }
            for c in ConflictDeclaration.objects.filter(expert=expert).select_related("application")
        ],
        "évaluations": [
            {
                "dossier": r.assignment.application.pseudonym,
                "état": r.get_status_display(),
                "déposée le": _iso(r.submitted_at),
                "recommandation": r.get_recommendation_display(),
                "commentaire pour le porteur": r.comment_for_applicant,
                "commentaire pour le comité": r.comment_for_committee,
                "notes": {
                    s.criterion.code: {
                        "note": None if s.score_half is None else s.score_half / 2,
                        "justification": s.justification,
                    }
                    for s in r.scores.select_related("criterion")
                },
            }
            for r in Review.objects.filter(assignment__expert=expert).select_related(
                "assignment__application"
            )
        ],
    }


def export_personal_data(user: Any) -> dict[str, Any]:
    profile = HubProfile.objects.filter(user=user).first()
    memberships = list(OrganisationMember.objects.filter(user=user).select_related("organisation"))
    applications = (
        Application.objects.filter(Q(created_by=user) | Q(organisation__members__user=user))
        .distinct()
        .select_related("call", "eligibility")
        .prefetch_related("staffing_lines", "attachments")
        .order_by("reference")
    )
    expert = Expert.objects.filter(user=user).first()
    return {
        "compte": {
            "identifiant": user.get_username(),
            "prénom": user.first_name,
            "nom": user.last_name,
            "courriel": user.email,
            "inscrit le": user.date_joined.isoformat(),
            "dernière connexion": _iso(user.last_login),
        },
        "profil": {"fuseau horaire": profile.time_zone} if profile else {},
        "organisations": [
            {
                "organisation": m.organisation.name,
                "rôle": m.get_role_display(),
                "forme juridique": m.organisation.get_legal_form_display(),
                "pays": m.organisation.get_country_display(),
                "ville": m.organisation.city,
                "numéro d'enregistrement": m.organisation.registration_number,
                "site": m.organisation.website,
                "domaine de messagerie": m.organisation.email_domain,
            }
            for m in memberships
        ],
        "candidatures": [_application(a) for a in applications],
        "expert": _expert(expert) if expert else None,
        "courriels": [
            {
                "objet": n.subject,
                "état": n.get_status_display(),
                "créé le": _iso(n.created_at),
                "envoyé le": _iso(n.sent_at),
            }
            for n in NotificationLog.objects.filter(recipient=user).order_by("pk")
        ],
        "journal": [
            {"date": e.created_at.isoformat(), "action": e.verb}
            for e in AuditEvent.objects.filter(actor=user).order_by("created_at")
        ],
    }


def export_personal_data_json(user: Any) -> str:
    return json.dumps(export_personal_data(user), ensure_ascii=False, indent=2)


@transaction.atomic
def erase_personal_data(user: Any, actor: Any = None, now: datetime.datetime | None = None) -> Any:
    """Anonymises the account. Applications and reviews stay (they belong to the call's record): an expert's
    reviews remain under « Expert A/B/C », without her name, affiliation or declared interests."""
    now = now or timezone.now()
    User = get_user_model()
    User.objects.filter(pk=user.pk).update(
        username=f"efface-{user.pk}",
        first_name="",
        last_name="",
        email="",
        is_active=False,
        password="!" + "effacé",
    )
    HubProfile.objects.filter(user=user).delete()
    OrganisationMember.objects.filter(user=user).delete()
    NotificationLog.objects.filter(recipient=user).delete()
    Expert.objects.filter(user=user).update(
        affiliation="",
        organisation_domains="",
        languages="",
        expertise_tags="",
        declared_interests="",
        public_consent=False,
    )
    from hub.signals import hub_wide_changed  # update() sends no signal: the committee page is purged here

    hub_wide_changed(Expert, None)
    audit.record("rgpd.erase", actor=actor, target=user, payload={"user": user.pk}, now=now)
    user.refresh_from_db()
    return user


# --- Retention (settings.HUB_RETENTION_YEARS, `manage.py hub_retention` in `make cron`) ----------------------


def retention_limit(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    return now - datetime.timedelta(days=round(365.25 * settings.HUB_RETENTION_YEARS))


def _unused_accounts(limit: datetime.datetime) -> list[Any]:
    """Applicants and experts with no sign-in since `limit` whose every call had its results before `limit`
    (the secretariat and staff are never erased here)."""
    from hub.permissions import SECRETARIAT_GROUP

    User = get_user_model()
    candidates = (
        User.objects.filter(Q(hub_profile__isnull=False) | Q(hub_expert__isnull=False))
        .filter(is_staff=False, is_superuser=False, date_joined__lt=limit)
        .exclude(last_login__gte=limit)
        .exclude(username__startswith="efface-")
        .exclude(groups__name=SECRETARIAT_GROUP)
        .distinct()
    )
    unused = []
    for user in candidates:
        calls = Call.objects.filter(
            Q(applications__organisation__members__user=user)
            | Q(applications__created_by=user)
            | Q(memberships__expert__user=user)
        ).distinct()
        if not calls.filter(
            Q(results_published_at__isnull=True) | Q(results_published_at__gte=limit)
        ).exists():
            unused.append(user)
    return unused


def apply_retention(now: datetime.datetime | None = None, *, dry_run: bool = False) -> dict[str, int]:
    """Erases what the privacy page promises to erase, HUB_RETENTION_YEARS after a call's results:
    attachment files, unsubmitted drafts, stored mails, and the accounts (applicants, experts) not used since
    and not taking part in a later call. The submitted applications and the audit trail stay."""
    now = now or timezone.now()
    limit = retention_limit(now)
    old_calls = Call.objects.filter(results_published_at__lt=limit)
    counts = {"pièces jointes": 0, "brouillons": 0, "courriels": 0, "comptes": 0}
    attachments = Attachment.objects.filter(application__call__in=old_calls).exclude(file="")
    drafts = Application.objects.filter(call__in=old_calls, status=ApplicationStatus.DRAFT)
    mails = NotificationLog.objects.filter(created_at__lt=limit, status=NotificationLog.Status.SENT)
    users = _unused_accounts(limit)
    counts["pièces jointes"] = attachments.count()
    counts["brouillons"] = drafts.count()
    counts["courriels"] = mails.count()
    counts["comptes"] = len(users)
    if dry_run:
        return counts
    for attachment in attachments:
        attachment.file.delete(save=False)
        Attachment.objects.filter(pk=attachment.pk).update(file="")
    with transaction.atomic():
        drafts.delete()
        mails.delete()
    for user in users:
        erase_personal_data(user, now=now)
    if any(counts.values()):
        audit.record("rgpd.retention", payload=counts, now=now)
    return counts
