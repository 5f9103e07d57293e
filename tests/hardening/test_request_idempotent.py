"""The training-request form sent twice (double click, reload, retry) makes one request and one pair of mails."""

import concurrent.futures
import urllib.parse

import pytest
from django.core import mail

from practices.models import TrainingRequest
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


def filled_form(visitor, url, **changes):
    action, values = visitor.form(url)
    for name, value in {**FIELDS, **changes}.items():
        values[name] = [value]
    return action, urllib.parse.urlencode([(k, v) for k, vs in values.items() for v in vs]).encode()


@pytest.fixture
def form_url(live_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return f"/solliciter-un-appui/pratique/{live_site['practice'].slug}/"


def test_the_same_form_sent_twice_makes_one_request_and_one_pair_of_mails(live_site, form_url):
    visitor = Visitor(live_site["url"])
    mail.outbox.clear()
    action, data = filled_form(visitor, form_url)
    first = visitor._open(action, data=data)
    second = visitor._open(action, data=data)  # the browser sends the very same form again
    assert TrainingRequest.objects.count() == 1
    item = TrainingRequest.objects.get()
    assert first.url == second.url and item.follow_up_token in second.url
    assert "Cette demande était déjà envoyée" in second.text and item.reference in second.text
    assert sorted(m.subject for m in mail.outbox) == sorted(
        [
            f"Nouvelle demande {item.reference} : Formation",
            f"Votre demande {item.reference} a bien été transmise",
        ]
    )


def test_a_new_form_makes_a_new_request(live_site, form_url):
    visitor = Visitor(live_site["url"])
    for n in range(2):
        action, data = filled_form(visitor, form_url, message=f"Demande n° {n}")
        assert "/solliciter-un-appui/suivi/" in visitor._open(action, data=data).url
    assert TrainingRequest.objects.count() == 2


def test_a_form_shown_again_with_its_errors_keeps_its_token_and_still_sends_once(live_site, form_url):
    visitor = Visitor(live_site["url"])
    action, data = filled_form(visitor, form_url, email="pas-une-adresse")
    shown_again = visitor._open(action, data=data)
    assert shown_again.status == 200 and "n'est pas valide" in shown_again.text.replace("&#x27;", "'")
    token = urllib.parse.parse_qs(data.decode())["submission_token"][0]
    assert f'value="{token}"' in shown_again.text  # the same form, the same token
    fixed = urllib.parse.urlencode(
        {
            **{k: v[0] for k, v in urllib.parse.parse_qs(data.decode(), keep_blank_values=True).items()},
            "email": "camille@example.org",
        }
    ).encode()
    visitor._open(action, data=fixed)
    visitor._open(action, data=fixed)
    assert TrainingRequest.objects.count() == 1


def test_someone_elses_token_does_not_open_their_request(live_site, form_url):
    visitor = Visitor(live_site["url"])
    action, data = filled_form(visitor, form_url)
    visitor._open(action, data=data)
    other = Visitor(live_site["url"])
    _action, other_data = filled_form(other, form_url, email="autre@example.org")
    stolen = dict(urllib.parse.parse_qsl(other_data.decode(), keep_blank_values=True))
    stolen["submission_token"] = urllib.parse.parse_qs(data.decode())["submission_token"][0]
    reply = other._open(action, data=urllib.parse.urlencode(stolen).encode())
    first = TrainingRequest.objects.get(email="camille@example.org")
    assert first.follow_up_token not in reply.url and first.reference not in reply.text
    assert TrainingRequest.objects.count() == 2


@requires_postgres  # ten writers at once: SQLite's in-memory test database serialises them with lock errors
def test_ten_copies_of_one_form_sent_at_once_make_one_request(live_site, form_url):
    visitor = Visitor(live_site["url"])
    action, data = filled_form(visitor, form_url)
    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(lambda _: visitor._open(action, data=data), range(10)))
    assert all(r.status == 200 for r in replies), [r.status for r in replies]
    assert TrainingRequest.objects.count() == 1
