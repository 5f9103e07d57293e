"""Builders for the trainings and implementation tests: only what each test needs."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from practices.models import Departement, PracticeSupport, SupportTeam, TeamMembership
from practices.roles import TEAM_MEMBERS
from trainings.models import TrainingSession

PASSWORD = "mot-de-passe-de-test-42"


def make_member(team: SupportTeam, username: str = "membre") -> object:
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    group, _ = Group.objects.get_or_create(name=TEAM_MEMBERS)
    user.groups.add(group)
    TeamMembership.objects.create(user=user, team=team)
    return user


def make_other_team(practice, name: str = "Autre équipe") -> SupportTeam:
    team = SupportTeam.objects.create(
        name=name,
        host_organisation="Autre",
        city="Lyon",
        email="autre@example.org",
        departement=Departement.objects.get(code="69"),
    )
    PracticeSupport.objects.create(team=team, practice=practice, start_year=2010)
    return team


def make_session(
    practice,
    team=None,
    *,
    title: str = "Webinaire d'introduction",
    in_days: int = 10,
    kind: str = TrainingSession.Kind.WEBINAR,
    capacity: int | None = 2,
    **fields,
) -> TrainingSession:
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=in_days)
    fields.setdefault("audience", "Équipes de secteur")
    if kind in (TrainingSession.Kind.IN_PERSON, TrainingSession.Kind.VISIT):
        fields.setdefault("town", "Marseille")
        fields.setdefault("departement", Departement.objects.get(code="13"))
    return TrainingSession.objects.create(
        practice=practice,
        team=team,
        title=title,
        kind=kind,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=capacity,
        **fields,
    )


def session_form_data(practice_page, **overrides) -> dict[str, str]:
    starts = timezone.localtime() + datetime.timedelta(days=20)
    data = {
        "practice": str(practice_page.pk),
        "title": "Webinaire : l'accueil « sans condition »",
        "kind": "webinaire",
        "description": "Ce qu'on y apprend : l'essentiel.",
        "starts_at": starts.strftime("%Y-%m-%dT14:00"),
        "ends_at": starts.strftime("%Y-%m-%dT15:30"),
        "town": "",
        "departement": "",
        "online_url": "",
        "audience": "Équipes de secteur, proches",
        "prerequisites": "",
        "capacity": "1",
        "is_free": "on",
        "cost": "",
        "registration_deadline": "",
        "replay_url": "",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def registration_data(**overrides) -> dict[str, str]:
    data = {
        "name": "Camille d'Arc",
        "email": "camille@example.org",
        "organisation": "CMP « Les Tilleuls »",
        "role": "Infirmière",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data
