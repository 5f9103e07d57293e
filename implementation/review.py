"""The CRES decision on an application: accept (creates the support team and its account), ask for more, decline."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from implementation.models import SupportTeamApplication
from practices.models import PracticeSupport, SupportTeam, TeamMembership
from practices.roles import TEAM_MEMBERS


def _username_for(email: str) -> str:
    User = get_user_model()
    base = slugify(email.split("@", 1)[0])[:30] or "equipe"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def accept(application: SupportTeamApplication, reviewer: AbstractBaseUser) -> SupportTeam:
    """Create the SupportTeam, its link to the practice, and the contact person's account (they choose their
    password through the link sent by e-mail). Refused if the 5-year rule is not met."""
    application.full_clean(exclude=["fidelity_file", "training_file"])
    with transaction.atomic():
        locked = SupportTeamApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status == SupportTeamApplication.Status.ACCEPTED:
            raise ValidationError("Cette candidature est déjà acceptée.")
        if SupportTeam.objects.filter(name=application.team_name).exists():
            raise ValidationError(
                "Une équipe d'appui porte déjà ce nom : renommez la candidature ou rattachez la "
                "pratique à l'équipe existante."
            )
        team = SupportTeam.objects.create(
            name=application.team_name,
            host_organisation=application.host_organisation,
            city=application.city,
            departement=application.departement,
            email=application.contact_email,
            works_in_france=True,
            works_in_france_evidence=application.works_in_france_evidence,
            fidelity_ok=True,
            fidelity_evidence=application.fidelity_evidence,
            training_experience_ok=True,
            training_experience_evidence=application.training_evidence,
            project_engineering=application.engineering,
            project_engineering_evidence=application.engineering_evidence,
            offers_training=True,
            is_demo=application.is_demo,
        )
        PracticeSupport.objects.create(
            team=team, practice=application.practice, start_year=application.start_year
        )
        User = get_user_model()
        user = User.objects.filter(email__iexact=application.contact_email).first()
        if user is None:
            user = User(
                username=_username_for(application.contact_email),
                email=application.contact_email,
                first_name=application.contact_name[:150],
            )
            user.set_unusable_password()
            user.save()
        group = Group.objects.filter(name=TEAM_MEMBERS).first()
        if group is not None:
            user.groups.add(group)
        TeamMembership.objects.get_or_create(user=user, team=team)
        locked.status = SupportTeamApplication.Status.ACCEPTED
        locked.support_team = team
        locked.reviewed_by = reviewer
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "support_team", "reviewed_by", "reviewed_at"])
        from implementation.tasks import notify_application

        transaction.on_commit(lambda: notify_application.enqueue(locked.pk, "accepted"))
    return team


def answer(
    application: SupportTeamApplication, reviewer: AbstractBaseUser, *, decline: bool, reason: str
) -> None:
    status = SupportTeamApplication.Status.DECLINED if decline else SupportTeamApplication.Status.MORE_INFO
    with transaction.atomic():
        SupportTeamApplication.objects.filter(pk=application.pk).update(
            status=status, decision_reason=reason, reviewed_by=reviewer, reviewed_at=timezone.now()
        )
        from implementation.tasks import notify_application

        transaction.on_commit(
            lambda: notify_application.enqueue(application.pk, "declined" if decline else "more")
        )
