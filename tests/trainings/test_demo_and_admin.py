"""The demo loads (twice, unchanged), and editors manage sessions in the Wagtail admin."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains

from implementation.models import ImplementationProject, SupportTeamApplication
from practices.roles import EDITORS
from trainings.models import TrainingSession


def test_demo_trainings_projects_and_application_load_once(db, client):
    call_command("load_demo", verbosity=0)
    call_command("load_trainings_demo", verbosity=0)
    counts = (
        TrainingSession.objects.count(),
        ImplementationProject.objects.count(),
        SupportTeamApplication.objects.count(),
    )
    call_command("load_trainings_demo", verbosity=0)
    assert (
        TrainingSession.objects.count(),
        ImplementationProject.objects.count(),
        SupportTeamApplication.objects.count(),
    ) == counts
    assert counts[0] >= 5 and counts[1] >= 4 and counts[2] == 1
    assert not TrainingSession.objects.filter(is_demo=False).exists()
    assert SupportTeamApplication.objects.get().status == "deposee"
    regions = set(
        ImplementationProject.objects.filter(is_public=True).values_list("departement__region", flat=True)
    )
    assert len(regions) >= 3
    assert TrainingSession.objects.coming().count() == counts[0]
    assertContains(client.get("/formations/"), "Webinaire")
    assertContains(client.get("/carte/"), "(démonstration)")


def test_editor_creates_a_session_in_the_admin(client, practice):
    editor = get_user_model().objects.create_user("editrice", "editrice@example.org", "mot-de-passe-42")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    add = "/admin/snippets/trainings/trainingsession/add/"
    assert client.get(add).status_code == 200
    starts = timezone.localtime() + datetime.timedelta(days=5)
    data = {
        "practice": practice.pk,
        "team": "",
        "title": "Formation des éditeurs",
        "kind": "presentiel",
        "description": "",
        "starts_at": starts.strftime("%Y-%m-%d 09:00"),
        "ends_at": starts.strftime("%Y-%m-%d 17:00"),
        "town": "Lyon",
        "departement": "",
        "online_url": "",
        "audience": "Tous",
        "prerequisites": "",
        "capacity": "10",
        "is_free": "on",
        "cost": "",
        "registration_deadline": "",
        "replay_url": "",
        "is_published": "on",
    }
    response = client.post(add, data)
    assert response.status_code == 200  # the département is missing: the form is shown again with the reason
    assertContains(response, "Indiquez le département où a lieu la session.")
    assert not TrainingSession.objects.exists()
    from practices.models import Departement

    created = client.post(add, {**data, "departement": Departement.objects.get(code="69").pk})
    assert created.status_code == 302
    session = TrainingSession.objects.get()
    assert session.title == "Formation des éditeurs" and session.place == "Lyon (69)"
    assertContains(client.get(practice.url), "Formation des éditeurs")
