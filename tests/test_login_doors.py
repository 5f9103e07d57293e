"""Every login door shares one attempt limit, per account and per client address, through a real server: an
account locked on the site's login page cannot log in through Wagtail's or Django's admin either."""

import pytest
from django.contrib.auth import get_user_model

from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"
DOORS = ["/compte/connexion/", "/admin/login/", "/django-admin/login/"]


@pytest.fixture
def server(live_server, settings):
    factories.restore_migration_data()
    factories.make_home()
    settings.AXES_FAILURE_LIMIT = 5
    get_user_model().objects.create_user(
        "editrice", "editrice@example.org", PASSWORD, is_staff=True, is_superuser=True
    )
    return live_server.url


def attempt(base, door, password):
    visitor = Visitor(base)
    return visitor.submit(
        door, {"username": "editrice", "password": password}, index=0 if "admin" in door else -1
    )


@pytest.mark.parametrize("locked_on", DOORS)
def test_an_account_locked_on_one_door_is_locked_on_every_door(server, locked_on):
    for _ in range(5):
        reply = attempt(server, locked_on, "mauvais mot de passe")
        assert reply.status in (200, 429)
    for door in DOORS:
        reply = attempt(server, door, PASSWORD)
        assert reply.status == 429, door
        assert "Connexion suspendue pendant 15 minutes" in reply.text, door


def test_many_names_tried_from_one_address_lock_that_address(server):
    for n in range(5):
        Visitor(server).submit("/compte/connexion/", {"username": f"personne-{n}", "password": "x"})
    reply = attempt(server, "/admin/login/", PASSWORD)
    assert reply.status == 429 and "Connexion suspendue" in reply.text


@pytest.mark.parametrize("door", DOORS)
def test_a_100_kb_name_is_refused_in_french_and_recorded_short_on_every_door(server, door):
    from axes.models import AccessAttempt

    reply = Visitor(server).submit(
        door, {"username": "é" * 50_000, "password": "x"}, index=0 if "admin" in door else -1
    )
    assert reply.status == 200, reply.text[:500]
    assert 'lang="fr"' in reply.text and 'name="username"' in reply.text  # the French form, shown again
    # Recorded short (on PostgreSQL the whole name made the site's own door answer 500), or refused before.
    assert all(len(a.username) <= 150 for a in AccessAttempt.objects.all())


def test_a_right_password_before_the_limit_logs_in_and_clears_the_count(server):
    for _ in range(4):
        attempt(server, "/compte/connexion/", "mauvais")
    assert attempt(server, "/compte/connexion/", PASSWORD).status == 200
    for _ in range(4):
        attempt(server, "/compte/connexion/", "mauvais")
    reply = Visitor(server)
    reply.log_in("editrice", PASSWORD)


def test_password_reset_requests_are_limited_without_revealing_accounts(client, db, settings, mailoutbox):
    settings.PASSWORD_RESET_LIMIT = 2
    for _ in range(2):
        response = client.post("/compte/mot-de-passe/oubli/", {"email": "personne@example.org"}, follow=True)
        assert "Regardez votre messagerie" in response.content.decode()
    response = client.post("/compte/mot-de-passe/oubli/", {"email": "personne@example.org"})
    assert response.status_code == 200
    assert "beaucoup de nouveaux mots de passe" in response.content.decode()


def test_the_password_reset_email_has_an_absolute_link_on_the_public_address(
    client, db, settings, mailoutbox
):
    get_user_model().objects.create_user("lecteur", "lecteur@example.org", PASSWORD)
    client.post("/compte/mot-de-passe/oubli/", {"email": "lecteur@example.org"})
    [message] = mailoutbox
    links = [w for w in message.body.split() if "/compte/mot-de-passe/reinitialiser/" in w]
    assert links and links[0].startswith(settings.WAGTAILADMIN_BASE_URL + "/compte/")
