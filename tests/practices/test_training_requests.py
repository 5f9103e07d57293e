"""Anyone can ask a support team for training or implementation support; the request is never lost."""

import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from pytest_django.asserts import assertContains

from practices.models import TrainingRequest


class BrokenEmailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Serveur de courriel injoignable")


def url_for(practice):
    return f"/solliciter-un-appui/pratique/{practice.slug}/"


def valid_data(**overrides):
    data = {
        "name": "Camille Martin",
        "email": "camille@example.org",
        "organisation": "CMP de démonstration",
        "role": "Infirmière",
        "departement_code": "13",
        "kind": "formation",
        "message": "Nous voulons mettre en place cette pratique dans notre secteur.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


def test_practice_page_links_to_the_request_form(client, practice):
    assertContains(client.get(practice.url), f'href="{url_for(practice)}"')


def test_a_request_is_saved_and_both_emails_are_sent(client, practice):
    response = client.post(url_for(practice), valid_data())
    saved_request = TrainingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/solliciter-un-appui/suivi/{saved_request.follow_up_token}/"
    saved = TrainingRequest.objects.get()
    assert saved.practice_id == practice.pk and saved.team.name == "Équipe DIHAL"
    assert saved.departement.code == "13" and saved.status == "nouvelle"
    assert saved.notified_at is not None
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["camille@example.org", "equipe@example.org"]
    assert "Nous voulons mettre en place" in mail.outbox[0].body


@override_settings(EMAIL_BACKEND="tests.practices.test_training_requests.BrokenEmailBackend")
def test_a_mail_failure_keeps_the_request_and_it_is_retried(client, practice):
    response = client.post(url_for(practice), valid_data())
    assert response.status_code == 302
    saved = TrainingRequest.objects.get()
    assert saved.notified_at is None and saved.notification_attempts == 1
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("send_pending_notifications")
    saved.refresh_from_db()
    assert saved.notified_at is not None and saved.notification_attempts == 2
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("message", "x" * 5001, "Votre message est trop long"),
        ("email", "pas-une-adresse", "Cette adresse électronique n&#x27;est pas valide"),
        ("consent", "", "Cochez la case pour accepter"),
        ("departement_code", "99", "Ce département n&#x27;existe pas"),
        ("name", "", "Indiquez votre nom."),
        ("kind", "autre-chose", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_shows_a_french_error_and_keeps_what_was_typed(client, practice, field, value, message):
    data = valid_data(**{field: value})
    if field == "consent":
        data.pop("consent")
    response = client.post(url_for(practice), data)
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "CMP de démonstration")  # nothing typed is lost
    assert TrainingRequest.objects.count() == 0


def test_html_in_the_message_is_escaped_for_the_team(client, practice, django_user_model):
    client.post(url_for(practice), valid_data(message="<script>alert(1)</script> Bonjour"))
    assert TrainingRequest.objects.count() == 1
    from practices.models import TeamMembership

    member = django_user_model.objects.create_user("membre", "membre@example.org", "motdepasse-tres-solide")
    TeamMembership.objects.create(user=member, team=practice.support_links.get().team)
    client.force_login(member)
    html = client.get(f"/espace-equipe/{practice.support_links.get().team.slug}/demandes/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_honeypot_requests_are_refused(client, practice):
    response = client.post(url_for(practice), valid_data(website="http://spam.example.org"))
    assert response.status_code == 200
    assertContains(response, "Votre demande n&#x27;a pas pu être envoyée.")
    assert TrainingRequest.objects.count() == 0


def test_too_many_requests_from_one_address_are_slowed_down(client, practice, settings):
    settings.TRAINING_REQUEST_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(url_for(practice), valid_data()).status_code == 302
    response = client.post(url_for(practice), valid_data())
    assert response.status_code == 200
    assertContains(response, "Vous avez envoyé beaucoup de demandes en peu de temps")
    assert TrainingRequest.objects.count() == 2


def test_team_sheet_has_its_own_request_form(client, practice):
    team = practice.support_links.get().team
    assertContains(client.get(team.public_url), f'href="/solliciter-un-appui/equipe/{team.slug}/"')
    assert client.post(f"/solliciter-un-appui/equipe/{team.slug}/", valid_data()).status_code == 302
    assert TrainingRequest.objects.get().practice is None


def test_unknown_practice_or_kind_is_a_404(client, practice):
    assert client.get("/solliciter-un-appui/pratique/inconnue/").status_code == 404
    assert client.get(f"/solliciter-un-appui/autre/{practice.slug}/").status_code == 404


def test_old_requests_are_anonymised_by_the_retention_command(client, practice, settings):
    settings.TRAINING_REQUEST_RETENTION_DAYS = 30
    client.post(url_for(practice), valid_data())
    old = TrainingRequest.objects.get()
    TrainingRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    client.post(url_for(practice), valid_data(email="recent@example.org"))
    call_command("anonymise_training_requests")
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.email != "camille@example.org" and "Camille" not in old.name
    assert TrainingRequest.objects.get(email="recent@example.org").anonymised_at is None


def test_a_requester_data_can_be_exported_and_erased(client, practice, capsys):
    client.post(url_for(practice), valid_data())
    call_command("requester_data", "export", "camille@example.org")
    exported = json.loads(capsys.readouterr().out)
    assert exported[0]["nom"] == "Camille Martin"
    call_command("requester_data", "erase", "camille@example.org")
    assert not TrainingRequest.objects.filter(email="camille@example.org").exists()


def test_request_form_page_has_no_500_for_a_get(client, practice):
    response = client.get(url_for(practice))
    assert response.status_code == 200
    assertContains(response, "Elles sont conservées 2 ans au plus")
