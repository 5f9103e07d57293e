"""The mail worker survives a database blip: its connection is cut (as a PostgreSQL restart does), it comes back
by itself and sends what was queued after, once."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from practices.models import TrainingRequest
from practices.tasks import notify_training_request
from tests import factories
from tests.markers import requires_postgres

ROOT = Path(__file__).resolve().parents[2]
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def new_request(team, practice, n):
    return TrainingRequest.objects.create(
        team=team,
        practice=practice,
        name=f"Personne {n}",
        email=f"p{n}@example.org",
        organisation="CMP",
        role="Infirmière",
        kind="formation",
        message="Bonjour",
        consent=True,
        departement=factories.Departement.objects.get(code="13"),
    )


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_comes_back_after_its_database_connection_is_cut(settings):
    factories.restore_migration_data()
    settings.TASKS = QUEUE
    home = factories.make_home()
    practice = factories.make_practice(factories.make_practice_index(home))
    team = factories.make_team(practice=practice)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lilith.settings.test",
        "TEST_TASKS_BACKEND": QUEUE["default"]["BACKEND"],
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"],
        "PGAPPNAME": "lilith-worker-under-test",  # so that the blip cuts the worker's connections only
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        first = new_request(team, practice, 1)
        notify_training_request.enqueue(first.pk)
        assert wait_for(lambda: TrainingRequest.objects.get(pk=first.pk).notified_at is not None)
        with connection.cursor() as cursor:  # the blip: the worker's connections are cut, as a restart does
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = 'lilith-worker-under-test'"
            )
            assert cursor.fetchone()[0] >= 1
        second = new_request(team, practice, 2)
        notify_training_request.enqueue(second.pk)
        assert wait_for(lambda: TrainingRequest.objects.get(pk=second.pk).notified_at is not None), (
            "worker dead"
        )
        assert worker.poll() is None  # still running
        assert TrainingRequest.objects.get(pk=second.pk).notification_attempts == 1  # sent once
    finally:
        worker.terminate()
        try:
            output = worker.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
        print(output[-3000:])
