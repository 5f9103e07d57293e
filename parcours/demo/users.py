"""Demo accounts, one per role, with passwords printed by `manage.py demo_logins` (demo data only)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from practices import roles

DEMO_PASSWORD = "demo-lilith-2026"

DEMO_USERS = [
    # (role label, username, email, group, is_superuser)
    ("Administrateur", "admin", "admin@example.org", roles.ADMINISTRATORS, True),
    ("Éditrice (CRES)", "editrice", "editrice@example.org", roles.EDITORS, False),
    ("Comité scientifique", "comite", "comite@example.org", roles.COMMITTEE, False),
    ("Équipe d'appui (Psycom)", "equipe-psycom", "equipe-psycom@example.org", roles.TEAM_MEMBERS, False),
]
DEMO_TEAM_SLUG = "psycom"


def ensure_demo_users():
    from practices.models import SupportTeam, TeamMembership

    User = get_user_model()
    for _label, username, email, group_name, is_superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                email=email,
                first_name=_label.split(" ")[0],
                is_staff=group_name != roles.TEAM_MEMBERS,
                is_superuser=is_superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            user.groups.add(group)
        if group_name == roles.TEAM_MEMBERS:
            team = SupportTeam.objects.filter(slug=DEMO_TEAM_SLUG).first()
            if team is not None:
                TeamMembership.objects.get_or_create(user=user, team=team)


def demo_logins():
    return [(label, username, DEMO_PASSWORD) for label, username, _email, _group, _su in DEMO_USERS]
