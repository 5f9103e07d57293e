"""Support teams publish training sessions; readers find them on the practice page, the calendar and in feeds."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains

from tests.trainings import builders
from trainings.models import TrainingSession

NEW = "/espace-equipe/{slug}/formations/nouvelle/"


def test_team_publishes_a_webinar_and_readers_see_it_at_once(
    member_client, client, team, practice, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    from django.test import Client

    anonymous = Client()
    assert anonymous.get(practice.url)["X-Cache"] == "MISS"
    assert anonymous.get("/formations/")["X-Cache"] == "MISS"
    assert anonymous.get(practice.url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(NEW.format(slug=team.slug), builders.session_form_data(practice))
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert (
        session.team == team
        and session.is_online
        and session.title == "Webinaire : l'accueil « sans condition »"
    )
    page = anonymous.get(practice.url)
    assertContains(page, "Se former")
    assertContains(page, "Webinaire : l&#x27;accueil « sans condition »")
    assertContains(anonymous.get("/formations/"), session.get_absolute_url())
    detail = anonymous.get(session.get_absolute_url())
    assertContains(detail, "1 place libre sur 1")


def test_a_session_saved_twice_reads_back_unchanged(member_client, team, practice):
    data = builders.session_form_data(practice, prerequisites="Avoir lu « Le guide » d'abord")
    member_client.post(NEW.format(slug=team.slug), data)
    session = TrainingSession.objects.get()
    edit = f"/espace-equipe/{team.slug}/formations/{session.pk}/"
    form_page = member_client.get(edit)
    assertContains(form_page, "Avoir lu « Le guide » d&#x27;abord")
    member_client.post(edit, data)
    member_client.post(edit, data)
    session.refresh_from_db()
    assert TrainingSession.objects.count() == 1
    assert session.title == "Webinaire : l'accueil « sans condition »"
    assert session.prerequisites == "Avoir lu « Le guide » d'abord"
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "14:00"  # Paris time kept


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "", "Donnez un titre à la session."),
        ("title", "x" * 100_000, "au plus 200 caractères"),
        ("title", "nul\x00", "Le caractère nul n’est pas autorisé."),
        ("kind", "", "Choisissez le type de session."),
        ("kind", "<script>alert(1)</script>", "Sélectionnez un choix valide"),
        ("starts_at", "demain", "Écrivez la date et l&#x27;heure ainsi"),
        ("starts_at", "0001-01-01T00:00", "Cette date ne semble pas juste : écrivez une date entre 2000"),
        ("ends_at", "9999-12-31T23:59", "Cette date ne semble pas juste : écrivez une date entre 2000"),
        ("registration_deadline", "31/12/9999 12:00", "Cette date ne semble pas juste"),
        ("capacity", "beaucoup", "Écrivez un nombre de places, par exemple 20."),
        ("online_url", "javascript:alert(1)", "Cette adresse web n&#x27;est pas valide"),
        ("practice", "999999", "Choisissez une des bonnes pratiques de votre équipe."),
    ],
)
def test_bad_input_on_the_session_form_is_explained(member_client, team, practice, field, value, message):
    response = member_client.post(
        NEW.format(slug=team.slug), builders.session_form_data(practice, **{field: value})
    )
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "Il y a un problème")
    assert not TrainingSession.objects.exists()


def test_an_in_person_session_needs_a_place_and_a_paid_one_a_price(member_client, team, practice):
    response = member_client.post(
        NEW.format(slug=team.slug),
        builders.session_form_data(
            practice,
            kind="presentiel",
            is_free="",
            cost="",
            ends_at=builders.session_form_data(practice)["starts_at"],
        ),
    )
    assertContains(response, "Indiquez la ville où a lieu la session.")
    assertContains(response, "Indiquez le tarif, ou cochez « gratuit ».")
    assertContains(response, "La fin doit être après le début.")
    assert not TrainingSession.objects.exists()


def test_a_team_manages_only_its_own_sessions(client, team, practice):
    other = builders.make_other_team(practice)
    outsider = builders.make_member(other, "intrus")
    session = builders.make_session(practice, team)
    client.force_login(outsider)
    for url in (
        f"/espace-equipe/{team.slug}/formations/",
        f"/espace-equipe/{team.slug}/formations/{session.pk}/",
        f"/espace-equipe/{team.slug}/formations/{session.pk}/presences/",
        f"/espace-equipe/{other.slug}/formations/{session.pk}/",
        f"/espace-equipe/{other.slug}/formations/{session.pk}/presences/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/espace-equipe/{other.slug}/formations/{session.pk}/presences/", {"present": []}
        ).status_code
        == 404
    )
    client.logout()
    assert client.get(f"/espace-equipe/{team.slug}/formations/")["Location"].startswith("/compte/connexion/")


def test_calendar_filters_and_bad_filter_values(client, practice, team):
    online = builders.make_session(practice, team, title="Webinaire en ligne")
    onsite = builders.make_session(practice, team, title="Journée à Marseille", kind="presentiel", in_days=40)
    by_region = client.get("/formations/?region=93")
    assertContains(by_region, "Journée à Marseille")
    assertNotContains(by_region, "Webinaire en ligne")
    assertContains(client.get("/formations/?en-ligne=oui"), "Webinaire en ligne")
    month = timezone.localtime(onsite.starts_at).strftime("%Y-%m")
    assertNotContains(client.get(f"/formations/?mois={month}&en-ligne=oui"), "Journée à Marseille")
    for bad in (
        "?pratique=%00",
        "?region=<b>x</b>",
        "?mois=2026-13",
        "?en-ligne=" + "x" * 100_000,
        "?page=abc",
        "?pratique=%ff%fe",
    ):
        response = client.get("/formations/" + bad)
        assert response.status_code == 200, bad
    assertContains(client.get("/formations/?region=99"), "Cette région n&#x27;existe pas")
    assertContains(client.get("/formations/?mois=2026-13"), "Ce mois n&#x27;est pas valide")
    assert online.pk != onsite.pk


def test_icalendar_feeds_are_valid_for_calendar_applications(client, practice, team):
    builders.make_session(practice, team, title="Webinaire d'été")
    builders.make_session(practice, team, title="Ancien", in_days=-30)
    for url in ("/formations/calendrier.ics", f"/formations/pratique/{practice.slug}/calendrier.ics"):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        assert [str(e["SUMMARY"]) for e in events] == ["Webinaire d'été"]
        event = events[0]
        assert event.decoded("DTSTART").tzinfo is not None and event["UID"]
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=2)
        assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert client.get("/formations/pratique/n-existe-pas/calendrier.ics").status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_sessions(client, practice, team):
    builders.make_session(practice, team)
    for url in ("/formations/", practice.url, "/formations/calendrier.ics"):
        client.get(url)  # the site structure (menus, scale) is cached by the first request
    one = {url: _queries(client, url) for url in ("/formations/", practice.url, "/formations/calendrier.ics")}
    starts = timezone.now() + datetime.timedelta(days=3)
    TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                practice=practice,
                team=team,
                title=f"Session {n}",
                kind="webinaire",
                audience="Tous",
                starts_at=starts + datetime.timedelta(hours=n),
                ends_at=starts + datetime.timedelta(hours=n + 1),
            )
            for n in range(499)
        ]
    )
    many = {url: _queries(client, url) for url in one}
    assert many == one
