"""Fixtures of « Échanger »: members at each stage, a community moderator, a support team member."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from community.models import CONSENT_VERSION, Member, Reply, Status, Thread
from community.permissions import MODERATORS_GROUP
from practices.models import SupportTeam, TeamMembership

PASSWORD = "une phrase de passe assez longue"


def make_member(pseudonym="Camille", *, verified=True, trusted=False, email=None):
    user = get_user_model().objects.create_user(
        username=pseudonym,
        email=email or f"{pseudonym.lower().replace(' ', '-')}@example.org",
        password=PASSWORD,
    )
    return Member.objects.create(
        user=user,
        pseudonym=pseudonym,
        email_verified_at=timezone.now() if verified else None,
        consent_given_at=timezone.now(),
        consent_version=CONSENT_VERSION,
        trusted=trusted,
    )


def make_thread(
    practice,
    member,
    *,
    title="Comment trouver un logement ?",
    body="Je cherche des conseils.",
    status=Status.PUBLISHED,
    **fields,
):
    return Thread.objects.create(
        practice=practice,
        author=member,
        title=title,
        body=body,
        status=status,
        published_at=timezone.now() if status == Status.PUBLISHED else None,
        **fields,
    )


def make_reply(thread, member, *, body="Voici mon expérience.", status=Status.PUBLISHED, **fields):
    return Reply.objects.create(thread=thread, author=member, body=body, status=status, **fields)


def moderators_group():
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access:
        group.permissions.add(access)
    return group


@pytest.fixture
def member(db):
    return make_member()


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user(
        username="moderatrice", email="moderatrice@example.org", password=PASSWORD, is_staff=True
    )
    user.groups.add(moderators_group())
    return user


@pytest.fixture
def team(practice):
    return SupportTeam.objects.get(practice_links__practice=practice)


@pytest.fixture
def team_user(team):
    user = get_user_model().objects.create_user(
        username="equipe", email="equipe-membre@example.org", password=PASSWORD
    )
    TeamMembership.objects.create(user=user, team=team)
    return user


@pytest.fixture
def team_member(team_user):
    return Member.objects.create(
        user=team_user,
        pseudonym="Équipe DIHAL (membre)",
        email_verified_at=timezone.now(),
        consent_given_at=timezone.now(),
        consent_version=CONSENT_VERSION,
    )
