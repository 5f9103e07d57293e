"""Requests become projects; public projects, support teams and declared régions appear on the map."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from implementation.models import ImplementationProject
from practices.models import Departement, Region
from tests.practices.test_training_requests import url_for, valid_data
from tests.trainings import builders


def project_data(practice, **overrides):
    data = {
        "practice": str(practice.pk),
        "departement": str(Departement.objects.get(code="33").pk),
        "ptsm": "PTSM de la Gironde",
        "host_organisation": "Association « L'Abri »",
        "stage": "installation",
        "exploration_on": "2026-01-15",
        "installation_on": "2026-06-01",
        "first_implementation_on": "",
        "sustainability_on": "",
        "private_notes": "Financement à confirmer",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_a_request_becomes_a_public_project_and_shows_on_the_map(
    client, member_client, practice, team, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    client.post(url_for(practice), valid_data(kind="accompagnement"))
    from practices.models import TrainingRequest

    request = TrainingRequest.objects.get()
    anonymous = Client()
    anonymous.get("/carte/")
    anonymous.get(practice.url)
    assert anonymous.get("/carte/")["X-Cache"] == "HIT"
    listing = member_client.get(f"/espace-equipe/{team.slug}/projets/")
    assertContains(listing, request.reference)
    new = f"/espace-equipe/{team.slug}/projets/nouveau/?demande={request.pk}"
    assertContains(member_client.get(new), 'value="CMP de démonstration"')
    with django_capture_on_commit_callbacks(execute=True):
        saved = member_client.post(new, project_data(practice))
    assert saved.status_code == 302
    project = ImplementationProject.objects.get()
    assert project.request == request and project.host_organisation == "Association « L'Abri »"
    assert member_client.post(new, project_data(practice)).status_code == 404  # already turned into a project
    carte = anonymous.get("/carte/")
    assertContains(carte, "Association « L&#x27;Abri »")
    assertContains(carte, 'data-code="33" data-mark="projet"')
    assertNotContains(carte, "Financement à confirmer")
    page = anonymous.get(practice.url)
    assertContains(page, "Où est-elle mise en œuvre\u00a0?")
    assertContains(page, "Association « L&#x27;Abri », Gironde (installation)")
    svg = anonymous.get(f"/carte/pratique/{practice.slug}.svg")
    assert (
        svg["Content-Type"].startswith("image/svg+xml")
        and b'data-code="33" data-mark="projet"' in svg.content
    )

    edit = f"/espace-equipe/{team.slug}/projets/{project.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(edit, project_data(practice, is_public=""))
    assertNotContains(anonymous.get("/carte/"), "L&#x27;Abri")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("host_organisation", "", "Indiquez la structure d&#x27;accueil."),
        ("stage", "fin", "Choisissez une des quatre étapes."),
        ("installation_on", "", "Indiquez la date à laquelle le projet est entré dans cette étape."),
        ("exploration_on", "2027-01-01", "Les dates des étapes doivent se suivre"),
        ("exploration_on", "hier", "Écrivez la date ainsi"),
        ("exploration_on", "0001-01-01", "Cette date ne semble pas juste : écrivez une date entre 1960"),
        ("installation_on", "9999-12-31", "Cette date ne semble pas juste : écrivez une date entre 1960"),
        ("installation_on", "31/12/9999", "Cette date ne semble pas juste"),
        ("departement", "<b>", "Choisissez un département de la liste."),
        ("private_notes", "x" * 100_000, "10000 caractères"),
        ("ptsm", "a\x00", "Le caractère nul n’est pas autorisé."),
    ],
)
def test_bad_input_on_the_project_form_is_explained(member_client, practice, team, field, value, message):
    response = member_client.post(
        f"/espace-equipe/{team.slug}/projets/nouveau/", project_data(practice, **{field: value})
    )
    assert response.status_code == 200
    assertContains(response, message)
    assert not ImplementationProject.objects.exists()


def test_a_team_manages_only_its_own_projects(client, practice, team):
    other = builders.make_other_team(practice)
    project = ImplementationProject.objects.create(
        practice=practice, team=team, host_organisation="Ici", departement=Departement.objects.get(code="13")
    )
    client.force_login(builders.make_member(other, "intrus"))
    assert client.get(f"/espace-equipe/{team.slug}/projets/").status_code == 404
    assert client.get(f"/espace-equipe/{other.slug}/projets/{project.pk}/").status_code == 404
    assert (
        client.post(f"/espace-equipe/{other.slug}/projets/{project.pk}/", project_data(practice)).status_code
        == 404
    )


def test_map_filters_and_bad_values(client, practice, team):
    practice.regions.add(Region.objects.get(code="93"))
    practice.save()
    ImplementationProject.objects.create(
        practice=practice,
        team=team,
        host_organisation="Projet à Bordeaux",
        departement=Departement.objects.get(code="33"),
        is_public=True,
        stage="exploration",
        exploration_on=timezone.localdate(),
    )
    carte = client.get("/carte/")
    assertContains(carte, 'data-code="13" data-mark="region"')
    assertContains(carte, 'data-code="75" data-mark="equipe"')
    assertContains(carte, 'data-code="974" data-mark=""')  # overseas are drawn too
    assertContains(client.get("/carte/?etape=exploration"), "Projet à Bordeaux")
    assertNotContains(client.get("/carte/?etape=installation"), "Projet à Bordeaux")
    assertNotContains(client.get("/carte/?region=93"), "Projet à Bordeaux")
    for bad in (
        "?pratique=%00",
        "?region=xx",
        "?etape=<script>",
        "?pratique=" + "a" * 100_000,
        "?region=%ff",
    ):
        assert client.get("/carte/" + bad).status_code == 200
    assertContains(client.get("/carte/?etape=zz"), "Cette étape n&#x27;existe pas")
    assert client.get("/carte/pratique/inconnue.svg").status_code == 404


def test_map_queries_do_not_grow_with_projects(client, practice, team):
    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        return len(context.captured_queries)

    departement = Departement.objects.get(code="33")
    ImplementationProject.objects.create(
        practice=practice, team=team, host_organisation="P0", departement=departement, is_public=True
    )
    one = [count("/carte/"), count(practice.url)]
    ImplementationProject.objects.bulk_create(
        [
            ImplementationProject(
                practice=practice,
                team=team,
                host_organisation=f"P{n}",
                is_public=True,
                departement=departement,
                created_at=timezone.now() - datetime.timedelta(days=n),
            )
            for n in range(1, 500)
        ]
    )
    assert [count("/carte/"), count(practice.url)] == one


def test_team_declares_a_site_that_shows_on_the_map(
    member_client, client, practice, team, settings, django_capture_on_commit_callbacks
):
    from implementation.models import TeamSite

    settings.PAGE_CACHE_ENABLED = True
    anonymous = Client()
    anonymous.get("/carte/")
    url = f"/espace-equipe/{team.slug}/lieux/"
    data = {
        "practice": str(practice.pk),
        "name": "Centre de jour « Les Mouettes »",
        "departement": str(Departement.objects.get(code="29").pk),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert member_client.post(url, data).status_code == 302
    again = member_client.post(url, data)
    assertContains(again, "Ce lieu est déjà déclaré.")
    assert TeamSite.objects.count() == 1
    carte = anonymous.get("/carte/")
    assertContains(carte, 'data-code="29" data-mark="site"')
    assertContains(carte, "Centre de jour « Les Mouettes »")
    assertContains(anonymous.get(practice.url), "Centre de jour « Les Mouettes » (Finistère)")
    for bad in (
        {**data, "name": ""},
        {**data, "name": "x" * 100_000},
        {**data, "departement": "<b>"},
        {**data, "practice": "0"},
    ):
        response = member_client.post(url, bad)
        assert response.status_code == 200 and "Il y a un problème" in response.content.decode()
    site = TeamSite.objects.get()
    other = builders.make_other_team(practice)
    intruder = Client()
    intruder.force_login(builders.make_member(other, "intrus"))
    assert intruder.get(url).status_code == 404
    assert intruder.post(f"/espace-equipe/{other.slug}/lieux/", {"delete": site.pk}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(url, {"delete": str(site.pk)})
    assertNotContains(anonymous.get("/carte/"), "Les Mouettes")
