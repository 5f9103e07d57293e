"""RGPD: export and erase an applicant's personal data."""

import json

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hub.models import AuditEvent, HubProfile, OrganisationMember

from . import audit


def export_personal_data(user):
    profile = HubProfile.objects.filter(user=user).first()
    return {
        "compte": {"identifiant": user.get_username(), "prénom": user.first_name, "nom": user.last_name,
                   "courriel": user.email, "inscrit le": user.date_joined.isoformat()},
        "profil": {"fuseau horaire": profile.time_zone} if profile else {},
        "organisations": [
            {"organisation": m.organisation.name, "rôle": m.get_role_display()}
            for m in OrganisationMember.objects.filter(user=user).select_related("organisation")
        ],
        "candidatures": [
            {"référence": a.reference, "titre": a.title, "état": a.get_status_display(),
             "déposée le": a.submitted_at.isoformat() if a.submitted_at else None}
            for a in user.hub_applications.order_by("reference")
        ],
        "journal": [
            {"date": e.created_at.isoformat(), "action": e.verb}
            for e in AuditEvent.objects.filter(actor=user).order_by("created_at")
        ],
    }


def export_personal_data_json(user):
    return json.dumps(export_personal_data(user), ensure_ascii=False, indent=2)


@transaction.atomic
def erase_personal_data(user, actor=None, now=None):
    """Anonymises the account (applications stay, they belong to the organisation and the call's record)."""
    now = now or timezone.now()
    User = get_user_model()
    User.objects.filter(pk=user.pk).update(
        username=f"efface-{user.pk}", first_name="", last_name="", email="", is_active=False,
        password="!" + "effacé",
    )
    HubProfile.objects.filter(user=user).delete()
    OrganisationMember.objects.filter(user=user).delete()
    audit.record("rgpd.erase", actor=actor, target=user, payload={"user": user.pk}, now=now)
    user.refresh_from_db()
    return user
