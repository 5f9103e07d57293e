"""Readers register, get the .ics, wait when full, move up when someone cancels; teams mark attendance."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains

from tests.trainings import builders
from trainings.models import Registration


def _register(client, session, capture, **data):
    with capture(execute=True):
        return client.post(session.get_absolute_url(), builders.registration_data(**data))


def _ics(message) -> Calendar:
    _name, content, mimetype = next(a for a in message.attachments if a[0].endswith(".ics"))
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_registration_confirms_with_an_ics_then_waiting_list_then_moves_up(
    client, practice, team, django_capture_on_commit_callbacks
):
    session = builders.make_session(practice, team, capacity=1, online_url="https://example.org/salle")
    first = _register(client, session, django_capture_on_commit_callbacks)
    assert first.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "inscrit" and registration.name == "Camille d'Arc"
    status_page = client.get(first["Location"])
    assertContains(status_page, "Vous êtes inscrit.")
    confirmation = mail.outbox[-1]
    assert (
        confirmation.to == ["camille@example.org"] and "Votre inscription est confirmée." in confirmation.body
    )
    assert "Camille d'Arc" in confirmation.body and "&#x27;" not in confirmation.body  # read as written
    event = _ics(confirmation).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == session.title
    assert event.decoded("DTSTART") == session.starts_at
    assert "https://example.org/salle" in str(event["DESCRIPTION"])  # the link goes to registrants only
    assert "https://example.org/salle" not in client.get(session.get_absolute_url()).content.decode()

    second = _register(
        client, session, django_capture_on_commit_callbacks, name="Dominique", email="dom@example.org"
    )
    waiting = Registration.objects.get(email="dom@example.org")
    assert waiting.status == "attente"
    assertContains(client.get(second["Location"]), "liste d'attente (rang 1)")
    assert "liste d'attente (rang 1)" in mail.outbox[-1].body and not mail.outbox[-1].attachments

    cancel_link = re.search(r"http://\S+/annuler/", confirmation.body).group(0)
    path = cancel_link.split("127.0.0.1:8000", 1)[-1]
    assertContains(client.get(path), "Oui, annuler mon inscription")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path)
    assertContains(client.get(done["Location"]), "Votre inscription est annulée.")
    waiting.refresh_from_db()
    assert waiting.status == "inscrit" and waiting.promoted_at is not None
    promoted = mail.outbox[-1]
    assert promoted.to == ["dom@example.org"] and "Une place s'est libérée" in promoted.subject
    assert _ics(promoted).walk("VEVENT")[0]["UID"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)  # cancelling twice changes nothing
    assert Registration.objects.filter(status="inscrit").count() == 1


def test_the_same_person_registering_twice_is_told_and_not_duplicated(
    client, practice, team, django_capture_on_commit_callbacks
):
    session = builders.make_session(practice, team, capacity=5)
    _register(client, session, django_capture_on_commit_callbacks)
    again = _register(client, session, django_capture_on_commit_callbacks, email="CAMILLE@example.org")
    assert again.status_code == 200
    assertContains(again, "Vous êtes déjà inscrit à cette session")
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "", "Indiquez votre nom et votre prénom."),
        ("email", "pas-une-adresse", "Cette adresse électronique n&#x27;est pas valide"),
        ("organisation", "x" * 100_000, "au plus 200 caractères"),
        ("role", "a\x00b", "Le caractère nul n’est pas autorisé."),
        ("consent", "", "Cochez la case pour accepter"),
        ("website", "http://spam.example", "Votre inscription n&#x27;a pas pu être enregistrée."),
    ],
)
def test_bad_input_on_the_registration_form_is_explained(client, practice, team, field, value, message):
    session = builders.make_session(practice, team)
    response = client.post(session.get_absolute_url(), builders.registration_data(**{field: value}))
    assert response.status_code == 200
    assertContains(response, message)
    assert not Registration.objects.exists()


def test_html_typed_in_the_form_is_shown_as_text(client, practice, team):
    session = builders.make_session(practice, team)
    response = client.post(
        session.get_absolute_url(), builders.registration_data(name="<script>alert(1)</script>", email="bad")
    )
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script>alert(1)" not in response.content.decode()


def test_honeypot_is_hidden_from_people_and_assistive_technologies(client, practice, team):
    session = builders.make_session(practice, team)
    html = client.get(session.get_absolute_url()).content.decode()
    hidden_block = re.search(r"<div hidden>(.*?)</div>", html, re.DOTALL).group(1)
    assert 'name="website"' in hidden_block and 'tabindex="-1"' in hidden_block
    assert html.count('name="website"') == 1 and "Ne pas remplir" not in html


def test_closed_or_unknown_sessions_and_bad_links(client, practice, team):
    past = builders.make_session(practice, team, in_days=-2)
    assertContains(client.get(past.get_absolute_url()), "Les inscriptions à cette session sont fermées.")
    response = client.post(past.get_absolute_url(), builders.registration_data())
    assert response.status_code == 200 and not Registration.objects.exists()
    hidden = builders.make_session(practice, team, is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/formations/999999/").status_code == 404
    for token in ("faux", "x" * 5000, "%00", "1:abc"):
        assert client.get(f"/formations/inscription/{token}/").status_code == 404
        assert client.post(f"/formations/inscription/{token}/annuler/").status_code == 404


def test_reminder_the_day_before_is_sent_once(client, practice, team, django_capture_on_commit_callbacks):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    session = builders.make_session(practice, team)
    session.starts_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10, 0)))
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()
    _register(client, session, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    call_command("send_training_reminders")
    call_command("send_training_reminders")
    assert len(mail.outbox) == 1 and "commence demain" in mail.outbox[0].subject
    assert Registration.objects.get().reminded_at is not None


def test_team_marks_attendance_and_counts_appear(
    member_client, client, practice, team, django_capture_on_commit_callbacks
):
    session = builders.make_session(practice, team, capacity=2)
    for n in range(3):
        _register(
            client,
            session,
            django_capture_on_commit_callbacks,
            email=f"p{n}@example.org",
            name=f"Personne {n}",
        )
    present = Registration.objects.get(email="p0@example.org")
    url = f"/espace-equipe/{team.slug}/formations/{session.pk}/presences/"
    page = member_client.get(url)
    assertContains(page, "2 inscrits · 1 en liste d'attente · 0 présent")
    response = member_client.post(url, {"present": [str(present.pk), "999999", "abc"]})
    assert response.status_code == 302
    assertContains(member_client.get(url), "2 inscrits · 1 en liste d'attente · 1 présent")
    listing = member_client.get(f"/espace-equipe/{team.slug}/formations/")
    assertContains(listing, "1 session · 2 inscrits · 1 présent")


def test_old_registrations_are_anonymised_and_counts_kept(
    client, practice, team, settings, django_capture_on_commit_callbacks
):
    session = builders.make_session(practice, team)
    _register(client, session, django_capture_on_commit_callbacks)
    Registration.objects.update(attended=True)
    session.starts_at -= datetime.timedelta(days=800)
    session.ends_at -= datetime.timedelta(days=800)
    session.save()
    call_command("anonymise_training_registrations")
    registration = Registration.objects.get()
    assert registration.name == "Personne anonymisée" and registration.attended is True
