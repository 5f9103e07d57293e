"""Privileged accounts (administrators, editors who publish, the committee that publishes practices, the hub's
chair) get sessions of 12 hours from login, on every login door; other accounts keep 14 days."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.hardening.conftest import PASSWORD
from tests.live import Visitor

HOUR = 3600


def session_of(visitor):
    cookie = next(c for c in visitor.jar if c.name == "sessionid")
    session = Session.objects.get(session_key=cookie.value)
    return cookie, session


def lasts(cookie, session):
    """How long the browser keeps the cookie, and how long the server accepts the session (seconds)."""
    now = timezone.now()
    return cookie.expires - now.timestamp(), (session.expire_date - now).total_seconds()


@pytest.mark.parametrize("username", ["admin", "editrice", "comite"])
def test_privileged_accounts_get_a_twelve_hour_session(live_site, username):
    visitor = Visitor(live_site["url"])
    visitor.log_in(username, PASSWORD)
    browser, server = lasts(*session_of(visitor))
    assert 11.9 * HOUR < browser <= 12 * HOUR + 5, (username, browser)
    assert 11.9 * HOUR < server <= 12 * HOUR + 5, (username, server)


@pytest.mark.parametrize("username", ["equipe", "lectrice"])
def test_other_accounts_keep_a_fourteen_day_session(live_site, username):
    visitor = Visitor(live_site["url"])
    visitor.log_in(username, PASSWORD)
    browser, server = lasts(*session_of(visitor))
    assert 13.9 * 24 * HOUR < browser <= 14 * 24 * HOUR + 5
    assert 13.9 * 24 * HOUR < server <= 14 * 24 * HOUR + 5


def test_the_admin_login_door_gives_the_same_short_session(live_site):
    visitor = Visitor(live_site["url"])
    reply = visitor.submit("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert reply.status == 200 and "/admin/login/" not in reply.url
    _browser, server = lasts(*session_of(visitor))
    assert server <= 12 * HOUR + 5


def test_a_privileged_session_does_not_stretch_with_activity(live_site):
    visitor = Visitor(live_site["url"])
    visitor.log_in("editrice", PASSWORD)
    cookie, session = session_of(visitor)
    first_end = session.expire_date
    Session.objects.filter(pk=session.pk).update(expire_date=first_end)  # as saved at login
    visitor.get("/admin/")
    visitor.get("/admin/pages/")
    assert Session.objects.get(pk=session.pk).expire_date <= first_end + datetime.timedelta(seconds=1)
    # Past its end the session no longer opens the admin: back to the login page.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    reply = visitor.get("/admin/")
    assert "/login/" in reply.url or "connexion" in reply.url


def test_a_privileged_session_ends_at_its_end_even_if_the_server_would_keep_it(live_site):
    """The end written at login wins over any later expiry (Wagtail's login view sets its own)."""
    from django.contrib.sessions.backends.db import SessionStore

    visitor = Visitor(live_site["url"])
    reply = visitor.submit("/admin/login/", {"username": "editrice", "password": PASSWORD})
    assert "/admin/login/" not in reply.url
    cookie, session = session_of(visitor)
    store = SessionStore(session_key=cookie.value)
    store["_privileged_until"] = (timezone.now() - datetime.timedelta(seconds=1)).isoformat()
    store.set_expiry(14 * 24 * HOUR)
    store.save()
    reply = visitor.get("/admin/")
    assert "/admin/login/" in reply.url  # logged out


def test_the_hub_chair_is_privileged(db):
    from hub.models import CallMembership
    from lilith.privileges import is_privileged
    from tests.hub import builders

    call = builders.make_call()
    chair = builders.make_expert("presidente", call=call, role=CallMembership.Role.CHAIR)
    expert = builders.make_expert("experte", call=call)
    assert is_privileged(chair.user) and not is_privileged(expert.user)
