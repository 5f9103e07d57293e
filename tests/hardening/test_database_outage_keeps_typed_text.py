"""During a database outage a form's submission gets a French 503 page that shows back what was typed, ready to be
sent again; once the database is back, sending it again saves it, once. Through a real server."""

import html
import re
import urllib.parse

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from practices.models import TrainingRequest
from tests.live import Visitor

MESSAGE = "Nous aimerions former l'équipe du CMP « Les Tilleuls » en mars.\nDeux jours si possible."
FIELDS = {
    "name": "Camille Martin",
    "email": "camille@example.org",
    "organisation": "CMP de démonstration",
    "role": "Infirmière",
    "departement_code": "13",
    "kind": "formation",
    "consent": "on",
    "message": MESSAGE,
}


@pytest.fixture
def database_down():
    """The database stops answering, as when PostgreSQL restarts: every query on an open connection fails, and
    a new connection is refused. (Django's own bookkeeping on an open connection does not query, and goes on.)"""
    from django.db.backends import utils

    originals = (
        BaseDatabaseWrapper.ensure_connection,
        utils.CursorWrapper._execute,
        utils.CursorWrapper._executemany,
    )

    def refused(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    def ensure_connection(self):
        if self.connection is None:
            refused()
        return originals[0](self)

    class Outage:
        def start(self):
            BaseDatabaseWrapper.ensure_connection = ensure_connection
            utils.CursorWrapper._execute = refused
            utils.CursorWrapper._executemany = refused

        def stop(self):
            (
                BaseDatabaseWrapper.ensure_connection,
                utils.CursorWrapper._execute,
                utils.CursorWrapper._executemany,
            ) = originals

    outage = Outage()
    yield outage
    outage.stop()


def form_of(reply):
    """The resend form of the 503 page: its action and what it sends (hidden fields and text areas)."""
    from tests.live import _FormParser

    parser = _FormParser()
    parser.feed(reply.text)
    return parser.forms[-1]


def test_a_request_sent_during_a_database_outage_comes_back_with_its_text_and_can_be_resent(
    live_site, database_down, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    url = f"/solliciter-un-appui/pratique/{live_site['practice'].slug}/"
    visitor = Visitor(live_site["url"])
    action, values = visitor.form(url)
    for name, value in FIELDS.items():
        values[name] = [value]
    data = urllib.parse.urlencode([(k, v) for k, vs in values.items() for v in vs]).encode()

    database_down.start()
    reply = visitor._open(action, data=data)
    database_down.stop()

    assert reply.status == 503
    assert reply.headers.get("retry-after") == "60" and "no-store" in reply.headers.get("cache-control", "")
    assert 'lang="fr"' in reply.text and "Le site est momentanément indisponible" in reply.text
    assert "Ce que vous avez écrit n’est pas perdu" in reply.text
    text = html.unescape(reply.text)
    assert MESSAGE in text and "Camille Martin" in text and "CMP de démonstration" in text
    assert TrainingRequest.objects.count() == 0

    resend_action, resend = form_of(reply)
    assert urllib.parse.urljoin(live_site["url"], resend_action) == action
    assert resend["message"] == [MESSAGE] and resend["consent"] == ["on"]
    body = urllib.parse.urlencode([(k, v) for k, vs in resend.items() for v in vs]).encode()
    sent = visitor._open(action, data=body)  # the database is back: « Renvoyer »
    assert "/solliciter-un-appui/suivi/" in sent.url, sent.text[:2000]
    assert TrainingRequest.objects.get().message.replace("\r\n", "\n") == MESSAGE
    again = visitor._open(action, data=body)  # and a second click sends nothing more
    assert TrainingRequest.objects.count() == 1 and "déjà envoyée" in again.text


def test_a_password_is_never_shown_back(live_site, database_down):
    visitor = Visitor(live_site["url"])
    action, values = visitor.form("/compte/connexion/")
    values.update({"username": ["editrice"], "password": ["secret-tres-long-42"]})
    data = urllib.parse.urlencode([(k, v) for k, vs in values.items() for v in vs]).encode()
    database_down.start()
    reply = visitor._open(action, data=data)
    database_down.stop()
    assert reply.status == 503 and "secret-tres-long-42" not in reply.text
    assert re.search(r'name="username"', reply.text)


def test_a_page_read_during_the_outage_is_a_french_503_not_a_500(live_site, database_down, settings):
    settings.PAGE_CACHE_ENABLED = False
    database_down.start()
    reply = Visitor(live_site["url"]).get(f"/solliciter-un-appui/pratique/{live_site['practice'].slug}/")
    database_down.stop()
    assert reply.status == 503 and "Réessayez dans une minute" in reply.text
