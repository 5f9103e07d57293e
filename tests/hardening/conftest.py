import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from practices import roles
from practices.models import TeamMembership
from tests import factories

PASSWORD = "mot-de-passe-de-test-solide"


def make_user(username, *groups, **fields):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def live_site(live_server, settings):
    """A small site served by a real server, with one account per role."""
    factories.restore_migration_data()
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    home = factories.make_home()
    practice_index = factories.make_practice_index(home)
    factories.make_team_index(home)
    practice = factories.make_practice(
        practice_index, theme=factories.make_theme(factories.make_parcours(home))
    )
    team = factories.make_team(practice=practice, email="equipe@example.org", city="Paris")
    roles.apply_page_roles(home)
    member = make_user("equipe", roles.TEAM_MEMBERS)
    TeamMembership.objects.create(user=member, team=team)
    return {
        "url": live_server.url,
        "home": home,
        "practice": practice,
        "team": team,
        "member": member,
        "editor": make_user("editrice", roles.EDITORS, is_staff=True),
        "committee": make_user("comite", roles.COMMITTEE, is_staff=True),
        "admin": make_user("admin", roles.ADMINISTRATORS, is_staff=True, is_superuser=True),
        "reader": make_user("lectrice"),
    }
