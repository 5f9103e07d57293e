import pytest

from tests.trainings import builders


@pytest.fixture
def team(practice):
    return practice.support_links.get().team


@pytest.fixture
def member(team):
    return builders.make_member(team)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
