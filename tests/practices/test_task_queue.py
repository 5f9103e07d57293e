"""Emails leave through the database task queue: a worker sends them, and tries again later when mail fails.

These tests run the real queue (django-tasks-db's DatabaseBackend) and its real worker command
(`manage.py db_worker --batch`); the worker commits, so the tests are transactional.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practices.models import TrainingRequest
from tests import factories
from tests.practices.test_training_requests import url_for, valid_data

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BROKEN_MAIL = "tests.practices.test_training_requests.BrokenEmailBackend"


@pytest.fixture(autouse=True)
def database_queue(settings, transactional_db):
    """The real queue, and what the migrations put in the database (an earlier transactional test flushed it)."""
    factories.restore_migration_data()
    settings.TASKS = QUEUE
    from django.core.cache import cache

    cache.clear()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


def notification_tasks():
    return DBTaskResult.objects.filter(task_path="practices.tasks.notify_training_request").order_by(
        "enqueued_at"
    )


def test_a_request_waits_in_the_queue_and_the_worker_sends_both_emails(client, practice):
    response = client.post(url_for(practice), valid_data())
    assert response.status_code == 302
    saved = TrainingRequest.objects.get()
    assert saved.notified_at is None and mail.outbox == []
    assert [t.status for t in notification_tasks()] == ["READY"]

    run_worker()

    saved.refresh_from_db()
    assert saved.notified_at is not None and saved.notification_attempts == 1
    assert sorted(a for m in mail.outbox for a in m.to) == ["camille@example.org", "equipe@example.org"]
    assert [t.status for t in notification_tasks()] == ["SUCCESSFUL"]


def test_a_mail_failure_is_retried_by_the_worker_after_a_delay(client, practice, settings):
    settings.EMAIL_BACKEND = BROKEN_MAIL
    client.post(url_for(practice), valid_data())
    before = timezone.now()

    run_worker()

    first, retry = notification_tasks()
    assert (
        first.status == "FAILED" and "envoi n° 1 impossible" in first.exception_class_path + first.traceback
    )
    assert retry.status == "READY" and retry.args_kwargs["kwargs"] == {"attempt": 2}
    expected = before + datetime.timedelta(seconds=settings.NOTIFICATION_RETRY_DELAYS[0])
    assert abs((retry.run_after - expected).total_seconds()) < 30
    saved = TrainingRequest.objects.get()
    assert saved.notified_at is None and saved.notification_attempts == 1

    run_worker()  # the retry is not due yet: nothing is sent, nothing is lost
    retry.refresh_from_db()
    assert retry.status == "READY" and mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # and the delay has passed
    run_worker()

    retry.refresh_from_db()
    saved.refresh_from_db()
    assert retry.status == "SUCCESSFUL"
    assert saved.notified_at is not None and saved.notification_attempts == 2
    assert len(mail.outbox) == 2


def test_after_the_last_retry_the_periodic_command_takes_over(client, practice, settings):
    settings.EMAIL_BACKEND = BROKEN_MAIL
    settings.NOTIFICATION_RETRY_DELAYS = [0]
    client.post(url_for(practice), valid_data())

    run_worker()  # first try, then the one retry (due at once), then no more

    assert [t.status for t in notification_tasks()] == ["FAILED", "FAILED"]
    saved = TrainingRequest.objects.get()
    assert saved.notified_at is None and saved.notification_attempts == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_notifications")
    saved.refresh_from_db()
    assert saved.notified_at is not None and saved.notification_attempts == 3


def test_a_team_sheet_change_reaches_the_editors_through_the_queue(client, practice, django_user_model):
    from django.contrib.auth.models import Group

    from practices import roles
    from practices.models import SupportTeam, TeamMembership
    from tests.practices.test_roles_and_workflows import contact_management

    team = SupportTeam.objects.get()
    editor = django_user_model.objects.create_user("editrice", "editrice@example.org", "x" * 12)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    member = django_user_model.objects.create_user("membre", "membre@example.org", "x" * 12)
    TeamMembership.objects.create(team=team, user=member)
    client.force_login(member)
    data = {
        "address": "",
        "postcode": "75001",
        "city": "Paris",
        "phone": "01 99 00 55 66",
        "email": "equipe@example.org",
        "website": "",
        "offers_training": "on",
        "departement_code": "75",
        "technical_sheet_text": "Formations de deux jours.",
        **contact_management(0, 0),
    }
    response = client.post(f"/espace-equipe/{team.slug}/fiche/", data)
    assert response.status_code == 302
    assert not [m for m in mail.outbox if "Fiche mise à jour" in m.subject]

    run_worker()

    sent = [m for m in mail.outbox if "Fiche mise à jour" in m.subject]
    assert len(sent) == 1 and sent[0].to == ["editrice@example.org"]
