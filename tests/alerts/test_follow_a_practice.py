"""« Suivre cette pratique », as a reader does it through a real server: the form on the (cached) practice page,
the confirmation mail read as its recipient reads it, the confirmation button, an alert when the editor publishes
a new grade and a publication, and the one-click unsubscription that erases the address. Then bad input, double
submissions, the other changes that are told (a team, a training session), and the retention."""

import datetime
import re
import urllib.parse

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.models import AlertMail, PracticeState, Subscription
from tests import factories
from tests.live import Visitor

ADDRESS = "lectrice@example.org"


def follow_form_index(visitor, url):
    """The « Suivre cette pratique » form among the page's forms."""
    from tests.live import _FormParser

    parser = _FormParser()
    parser.feed(visitor.get(url).text)
    return next(i for i, (action, _) in enumerate(parser.forms) if "/suivre-une-pratique/" in (action or ""))


def links_in(body):
    return re.findall(r"https?://\S+", body)


@pytest.fixture
def live_site(live_server, settings):
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    home = factories.make_home()
    index = factories.make_practice_index(home)
    theme = factories.make_theme(factories.make_parcours(home))
    level = factories.make_level("B", "Efficacité probable", "probable", 2)
    practice = factories.make_practice(index, theme=theme, evidence_level=level)
    return {"url": live_server.url, "practice": practice}


def test_a_reader_follows_a_practice_confirms_is_told_of_a_change_and_unsubscribes(live_site):
    practice, base = live_site["practice"], live_site["url"]
    reader = Visitor(base)
    page = reader.get(practice.url)
    assert page.status == 200 and "Suivre cette pratique" in page.text
    assert reader.get(practice.url).cache == "HIT"  # the form lives on the cached page

    sent = reader.submit(practice.url, {"email": ADDRESS}, index=follow_form_index(reader, practice.url))
    assert sent.status == 200 and sent.url.endswith("/suivre-une-pratique/courriel-envoye/")
    assert "Si l'adresse est correcte, un courriel vous attend." in sent.text
    [confirmation] = mail.outbox
    assert confirmation.to == [ADDRESS]
    assert confirmation.subject == "Confirmez : suivre « Un chez soi d'abord »"
    assert "Vous avez demandé à suivre « Un chez soi d'abord »" in confirmation.body  # unescaped
    assert "&#x27;" not in confirmation.body and "&quot;" not in confirmation.body
    [confirm_url, site] = links_in(confirmation.body)
    assert confirm_url.startswith(base + "/suivre-une-pratique/confirmer/")

    opened = reader.get(confirm_url)  # a mail scanner opening the link confirms nothing
    assert "Je confirme" in opened.text
    assert Subscription.objects.get().confirmed_at is None
    confirmed = reader.submit(confirm_url, {})
    assert "C'est fait : vous recevrez un courriel quand cette pratique change." in confirmed.text
    assert Subscription.objects.get().confirmed_at is not None

    # The editor publishes a new grade and a new publication (what the admin's « Publier » does).
    page = practice.__class__.objects.get(pk=practice.pk)
    before = page.evidence_level
    page.evidence_level = after = factories.make_level()
    page.publications.add(
        factories.Publication(kind="review", authors="Aubry T", title="L'effet d'un chez-soi", year=2020)
    )
    page.save_revision().publish()
    [_, alert] = mail.outbox
    assert alert.subject == "Du nouveau : Un chez soi d'abord"
    assert f"Le niveau de preuve change : il passe de B ({before.name}) à A ({after.name})." in alert.body
    assert "Nouvelle publication : « L'effet d'un chez-soi (2020) »." in alert.body
    links = links_in(alert.body)
    assert base + practice.url in links
    unsubscribe = next(link for link in links if "/desabonnement/" in link)
    assert alert.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    kept = reader.get(unsubscribe)
    assert (
        ADDRESS in kept.text and "Un chez soi d&#x27;abord" in kept.text
    )  # what is kept, shown before erasing
    done = reader.submit(unsubscribe, {})
    assert "Votre adresse est effacée : nous ne gardons rien." in done.text
    assert not Subscription.objects.exists() and not AlertMail.objects.exists()
    gone = reader.get(unsubscribe)
    assert gone.status == 404 and "Ce lien n'est plus valable" in gone.text


def test_a_mail_client_unsubscribes_in_one_click(client, practice):
    from alerts import services

    services.subscribe(ADDRESS, practice)
    subscription = Subscription.objects.get()
    services.confirm(subscription)
    response = client.post(
        f"/suivre-une-pratique/desabonnement/{subscription.token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 204
    assert not Subscription.objects.exists()


def test_asking_twice_sends_one_confirmation_and_says_the_same_thing(
    client, practice, django_capture_on_commit_callbacks
):
    url = f"/suivre-une-pratique/{practice.pk}/"
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": " Lectrice@Example.org "}, follow=True)
        assert "Si l'adresse est correcte" in response.content.decode()
    assert Subscription.objects.get().email == ADDRESS
    assert len(mail.outbox) == 1


def test_an_address_already_confirmed_gets_no_new_mail_and_the_same_page(
    client, practice, django_capture_on_commit_callbacks
):
    from alerts import services

    with django_capture_on_commit_callbacks(execute=True):
        services.subscribe(ADDRESS, practice)
        services.confirm(Subscription.objects.get())
        response = client.post(f"/suivre-une-pratique/{practice.pk}/", {"email": ADDRESS}, follow=True)
    assert (
        "Si l'adresse est correcte" in response.content.decode()
    )  # nothing tells whether it already follows
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Indiquez votre adresse e-mail."),
        ("pas-une-adresse", "Cette adresse e-mail n&#x27;est pas valide."),
        ("a" * 300 + "@example.org", "Cette adresse est trop longue (254 caractères au plus)."),
        ("lectrice\x00@example.org", "Cette adresse contient un caractère invalide."),
        ('<script>alert("x")</script>@example.org', "Cette adresse e-mail n&#x27;est pas valide."),
    ],
)
def test_a_bad_address_shows_the_form_again_in_french_with_what_was_typed(client, practice, typed, message):
    response = client.post(f"/suivre-une-pratique/{practice.pk}/", {"email": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "<script>alert" not in html
    if typed and "\x00" not in typed:
        assert (
            f'value="{typed}"'.replace("<", "&lt;").replace(">", "&gt;").replace('"x"', "&quot;x&quot;")
            in html
        )
    assert not Subscription.objects.exists() and not mail.outbox


def test_invalid_utf8_and_wrong_types_get_a_french_answer_not_an_error(client, practice):
    url = f"/suivre-une-pratique/{practice.pk}/"
    raw = client.post(url, b"email=%ff%fe%00", content_type="application/x-www-form-urlencoded")
    assert raw.status_code == 400 and "Il y a un problème" in raw.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Indiquez votre adresse e-mail." in empty.content.decode()
    listed = client.post(url, {"email": [ADDRESS, "autre@example.org"]})
    assert listed.status_code == 302  # the last value counts, as for any form field
    assert client.post("/suivre-une-pratique/999999/", {"email": ADDRESS}).status_code == 404
    unknown = client.get("/suivre-une-pratique/confirmer/" + "x" * 5000 + "/")
    assert unknown.status_code == 404 and "Ce lien n'est plus valable" in unknown.content.decode()


def test_too_many_requests_from_one_connection_are_refused_in_french(client, practice, settings):
    settings.ALERTS_FOLLOWS_PER_HOUR = 2
    url = f"/suivre-une-pratique/{practice.pk}/"
    for n in range(2):
        client.post(url, {"email": f"n{n}@example.org"})
    response = client.post(url, {"email": "n3@example.org"})
    assert response.status_code == 429
    assert "Trop de demandes depuis votre connexion. Réessayez dans une heure." in response.content.decode()


def follower(practice):
    from alerts import services

    services.subscribe(ADDRESS, practice)
    services.confirm(Subscription.objects.get())
    mail.outbox.clear()  # the confirmation, if it left


def test_a_new_support_team_and_a_new_training_session_are_told(practice, django_capture_on_commit_callbacks):
    from trainings.models import TrainingSession

    follower(practice)
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_team("Équipe de Marseille", practice=practice)
    with django_capture_on_commit_callbacks(execute=True):
        TrainingSession.objects.create(
            practice=practice,
            title="Découvrir un chez soi d'abord",
            kind=TrainingSession.Kind.WEBINAR,
            starts_at=timezone.now() + datetime.timedelta(days=30),
            ends_at=timezone.now() + datetime.timedelta(days=30, hours=2),
        )
    bodies = [m.body for m in mail.outbox]
    assert any("Nouvelle équipe d'appui : Équipe de Marseille." in body for body in bodies)
    assert any(
        "Nouvelle session de formation : Découvrir un chez soi d'abord, le " in body for body in bodies
    )


def test_a_publication_that_changes_nothing_they_follow_sends_nothing(
    practice, django_capture_on_commit_callbacks
):
    follower(practice)
    page = practice.__class__.objects.get(pk=practice.pk)
    page.summary = "Un logement tout de suite."
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert mail.outbox == []
    assert PracticeState.objects.filter(practice_id=practice.pk).exists()


def test_unconfirmed_addresses_and_old_mails_are_erased_by_the_nightly_command(practice):
    from alerts import services

    services.subscribe(ADDRESS, practice)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    follower_address = "suit@example.org"
    services.subscribe(follower_address, practice)
    services.confirm(Subscription.objects.get(email=follower_address))
    AlertMail.objects.update(
        status=AlertMail.Status.SENT, sent_at=timezone.now() - datetime.timedelta(days=31)
    )
    call_command("alerts_send_pending_mails", verbosity=0)
    assert list(Subscription.objects.values_list("email", flat=True)) == [follower_address]
    assert not AlertMail.objects.exists()


def test_the_confirmation_link_is_absolute_and_unescaped_in_plain_text(
    client, practice, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://bonnes-pratiques.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/suivre-une-pratique/{practice.pk}/", {"email": ADDRESS})
    [message] = mail.outbox
    link = links_in(message.body)[0]
    parts = urllib.parse.urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "bonnes-pratiques.example.org")
    assert client.get(parts.path).status_code == 200
