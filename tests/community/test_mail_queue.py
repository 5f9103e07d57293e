"""The community's e-mails leave through the project's task queue: saved first, sent by the worker, retried when the
mail server is down, recorded as sent only once they went out, and sent exactly once after recovery."""

import datetime
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from community import services
from community.models import Follow, Mail, Member, Status, Thread
from tests import factories
from tests.community.conftest import PASSWORD, make_member, make_reply, make_thread, moderators_group
from tests.live import Visitor

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BROKEN_MAIL = "tests.practices.test_training_requests.BrokenEmailBackend"
WORKING_MAIL = "django.core.mail.backends.locmem.EmailBackend"
SITE = "https://bonnes-pratiques.example.org"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


def community_tasks():
    return DBTaskResult.objects.filter(task_path="community.tasks.deliver_mail")


def link_in(body, start):
    return re.search(rf"{re.escape(SITE)}{start}\S+", body).group(0)


@pytest.fixture
def live_practice(live_server, settings):
    factories.restore_migration_data()
    settings.WAGTAILADMIN_BASE_URL = SITE
    home = factories.make_home()
    practice = factories.make_practice(factories.make_practice_index(home))
    team = factories.make_team(practice=practice)
    return live_server.url, practice, team


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_then_back_every_community_mail_goes_out_once(live_practice, settings):
    base, practice, _team = live_practice
    settings.TASKS = QUEUE
    settings.EMAIL_BACKEND = BROKEN_MAIL
    mail.outbox = []
    # This scenario's people only: the browser tests' demo accounts (moderators, support teams) may still be
    # in the database, and each would get the moderators' alert.
    get_user_model().objects.all().delete()
    moderator = get_user_model().objects.create_user(
        "moderatrice-file", email="moderatrice-file@example.org", password=PASSWORD, is_staff=True
    )
    moderator.groups.add(moderators_group())

    # A reader signs up: the page answers at once, the confirmation waits in its row.
    reader = Visitor(base)
    reply = reader.submit(
        "/communaute/inscription/",
        {
            "pseudonym": "Sol’ène d'Arles",
            "email": "solene@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )
    assert reply.status == 200 and "Confirmez votre adresse" in reply.text, reply.text[:2000]
    member = Member.objects.get(pseudonym="Sol’ène d'Arles")
    Member.objects.filter(pk=member.pk).update(email_verified_at=timezone.now())  # confirmed (tested below)
    reader.log_in("Sol’ène d'Arles", PASSWORD)

    # Her first question waits for moderation: the moderators are alerted.
    reply = reader.submit(
        f"/communaute/ecrire/{practice.slug}/",
        {
            "kind": "question",
            "title": "Et si l'on n'a « rien » ?",
            "body": "Faut-il des revenus pour entrer ?",
        },
    )
    assert reply.status == 200 and "Votre message est bien reçu" in reply.text, reply.text[:2000]
    thread = Thread.objects.get()
    assert thread.status == Status.PENDING

    # The moderator approves it in the admin, then a trusted member answers: she follows her thread.
    office = Visitor(base)
    office.log_in("moderatrice-file", PASSWORD)
    office.submit("/communaute/moderation/", {"action": "approve"})
    thread.refresh_from_db()
    assert thread.status == Status.PUBLISHED
    helper = make_member("Marc78", trusted=True)
    make_reply(
        thread, helper, body="Non, le logement vient d'abord : « sans condition ».", status=Status.PENDING
    )
    services.approve(moderator, thread.replies.get())

    mails = Mail.objects.order_by("pk")
    assert [m.template for m in mails] == ["confirm", "to_moderators", "new_reply"]
    assert all(m.sent_at is None for m in mails) and mail.outbox == []

    run_worker()  # the mail server is down: every mail fails, none is recorded as sent, retries are queued
    assert [(m.status, m.sent_at, m.attempts) for m in mails.all()] == [("failed", None, 1)] * 3
    assert mail.outbox == []
    assert sorted(t.status for t in community_tasks()) == ["FAILED"] * 3 + ["READY"] * 3

    settings.EMAIL_BACKEND = WORKING_MAIL  # the server is back, and the retry delay has passed
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    call_command("community_send_pending_mails")
    run_worker()

    assert len(mail.outbox) == 3
    assert sorted(m.subject for m in mail.outbox) == sorted(m.subject for m in mails.all())
    assert all(m.status == "sent" and m.sent_at for m in mails.all())

    by_recipient = {m.to[0]: m for m in mail.outbox}
    confirmation = next(m for m in mail.outbox if m.subject.startswith("Confirmez"))
    assert "Bonjour Sol’ène d'Arles," in confirmation.body  # read as typed, not HTML-escaped
    assert (
        Visitor(base).get(link_in(confirmation.body, "/communaute/confirmer/").removeprefix(SITE)).status
        == 200
    )
    alert = by_recipient["moderatrice-file@example.org"]
    assert "Fil : Et si l'on n'a « rien » ?" in alert.body
    assert f"{SITE}/communaute/moderation/" in alert.body
    answer = next(m for m in mail.outbox if m.subject.startswith("Nouvelle réponse"))
    assert answer.to == ["solene@example.org"]
    assert "Non, le logement vient d'abord : « sans condition »." in answer.body
    assert f"{SITE}{thread.get_absolute_url()}" in answer.body
    unsubscribe = link_in(answer.body, "/communaute/ne-plus-suivre/")
    assert answer.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    # The anonymous reader reads the thread at once.
    assert "Et si l'on n'a « rien » ?" in html.unescape(Visitor(base).get(thread.get_absolute_url()).text)


@pytest.mark.django_db
def test_a_failed_mail_waits_and_the_command_sends_it_once(
    practice, member, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN_MAIL
    thread = make_thread(practice, member)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(None, thread, "Votre message donne le nom d'une « infirmière » & d'un service.")
    saved = Mail.objects.get()
    assert (saved.status, saved.sent_at, saved.attempts) == ("failed", None, 1)
    assert "ConnectionRefusedError" in saved.last_error

    settings.EMAIL_BACKEND = WORKING_MAIL
    call_command("community_send_pending_mails")
    call_command("community_send_pending_mails")  # nothing left: never twice
    (sent,) = mailoutbox
    assert "Pourquoi : Votre message donne le nom d'une « infirmière » & d'un service." in sent.body
    assert "&amp;" not in sent.body and "&#x27;" not in sent.body
    saved.refresh_from_db()
    assert saved.status == "sent" and saved.sent_at is not None and saved.attempts == 2


@pytest.mark.django_db
def test_the_same_event_never_gives_two_mails(
    practice, member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    thread = make_thread(practice, member)
    helper = make_member("Marc78", trusted=True)
    reply = make_reply(thread, helper, status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(moderator, reply)
        services.notify_followers(reply)  # the same reply again (a retry, a second click)
    assert [m.to for m in mailoutbox] == []  # the author does not follow yet
    Follow.objects.create(thread=thread, member=member)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_followers(reply)
        services.notify_followers(reply)
    assert [m.to for m in mailoutbox] == [[member.user.email]]
    assert Mail.objects.filter(template="new_reply").count() == 1


@pytest.mark.django_db
def test_erasing_an_account_erases_the_mails_to_them_and_quoting_them(
    practice, member, moderator, mailoutbox
):
    thread = make_thread(practice, member, status=Status.PENDING)
    services.notify_moderators(thread)
    services.send_confirmation(member)
    assert Mail.objects.filter(about=member).count() == 2
    services.erase_member(member)
    assert not Mail.objects.exists()


@pytest.mark.django_db
def test_sent_mails_are_deleted_after_thirty_days(member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_confirmation(member)
    assert Mail.objects.get().status == "sent" and len(mailoutbox) == 1
    call_command("community_send_pending_mails")
    assert Mail.objects.count() == 1  # still within the 30 days
    Mail.objects.update(sent_at=timezone.now() - datetime.timedelta(days=31))
    call_command("community_send_pending_mails")
    assert not Mail.objects.exists() and len(mailoutbox) == 1
