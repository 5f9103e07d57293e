"""The request form's limit holds under concurrent posts and counts the real client behind the load balancer."""

import concurrent.futures

import pytest

from practices.models import TrainingRequest
from tests import factories
from tests.live import Visitor
from tests.markers import requires_postgres

FIELDS = {
    "name": "Camille Martin",
    "email": "camille@example.org",
    "organisation": "CMP de démonstration",
    "role": "Infirmière",
    "departement_code": "13",
    "kind": "formation",
    "consent": "on",
    "message": "Nous voulons mettre en place cette pratique.",
}


@pytest.fixture
def form_url(live_server, settings):
    factories.restore_migration_data()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    home = factories.make_home()
    practice = factories.make_practice(factories.make_practice_index(home))
    factories.make_team(practice=practice)
    return live_server.url, f"/solliciter-un-appui/pratique/{practice.slug}/"


@requires_postgres  # twenty writers at once: SQLite's in-memory test database serialises them with lock errors
def test_twenty_requests_at_once_let_no_more_than_the_limit_through(form_url, settings):
    base, url = form_url
    settings.TRAINING_REQUEST_RATE_LIMIT = 5
    visitors = [Visitor(base) for _ in range(20)]
    forms = [v.form(url) for v in visitors]  # each has its own CSRF cookie and token

    def send(i):
        import urllib.parse

        action, values = forms[i]
        for name, value in FIELDS.items():
            values[name] = [value]
        data = urllib.parse.urlencode([(k, v) for k, vs in values.items() for v in vs]).encode()
        return visitors[i]._open(action, data=data)

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(send, range(20)))
    assert all(r.status == 200 for r in replies), [(r.status, r.url) for r in replies]
    assert TrainingRequest.objects.count() == 5
    assert sum("beaucoup de demandes" in r.text for r in replies) == 15


def test_behind_the_load_balancer_each_reader_has_their_own_limit(form_url, settings):
    base, url = form_url
    settings.TRAINING_REQUEST_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        visitor = Visitor(base, headers={"X-Forwarded-For": f"203.0.113.{n + 1}"})
        reply = visitor.submit(url, {**FIELDS, "email": f"lecteur{n}@example.org"}, follow=True)
        assert "/solliciter-un-appui/suivi/" in reply.url, reply.url
    assert TrainingRequest.objects.count() == 3
    crowd = Visitor(
        base, headers={"X-Forwarded-For": "203.0.113.1"}
    )  # the first reader again, another address
    reply = crowd.submit(url, {**FIELDS, "email": "autre@example.org"}, follow=True)
    assert "beaucoup de demandes" in reply.text
