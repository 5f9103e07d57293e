"""Hub e-mails leave through the project's task queue: saved first, sent by the worker, retried when the mail
server is down, recorded as sent only once they went out, and sent exactly once after recovery."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hub.models import Application, ApplicationStatus, CallStatus, NotificationLog
from hub.services import notifications
from tests import factories

from . import builders as b

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BROKEN_MAIL = "tests.practices.test_training_requests.BrokenEmailBackend"
WORKING_MAIL = "django.core.mail.backends.locmem.EmailBackend"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


def open_call_now():
    now = timezone.now()
    return b.make_call(
        year=now.year,
        status=CallStatus.OPEN,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        review_opens_at=now + dt.timedelta(days=31),
        review_deadline=now + dt.timedelta(days=60),
        consensus_deadline=now + dt.timedelta(days=70),
    )


def hub_tasks():
    return DBTaskResult.objects.filter(task_path="hub.tasks.deliver_notification").order_by("enqueued_at")


@pytest.mark.django_db(transaction=True)
def test_smtp_down_no_500_and_every_mail_goes_out_once_after_recovery(visitor, settings):
    factories.restore_migration_data()
    settings.TASKS = QUEUE
    settings.EMAIL_BACKEND = BROKEN_MAIL
    mail.outbox = []
    call = open_call_now()
    user, org = b.make_applicant("ana")
    application = b.make_application(call, org, user)
    secretariat = b.make_secretariat()

    applicant = visitor(user)
    response = applicant.post(
        f"/positivehub/candidature/{application.pk}/deposer/",
        form_page=f"/positivehub/candidature/{application.pk}/etape/5/",
    )
    assert response.status_code == 200, response.text[:2000]
    assert "Votre candidature est déposée" in response.text
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    office = visitor(secretariat)
    response = office.post(
        f"/positivehub/secretariat/dossiers/{application.pk}/",
        {
            "decision": "ineligible",
            "reason": "L'équipe n'est pas « en santé mentale ».",
        },
    )
    assert response.status_code == 200, response.text[:2000]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INELIGIBLE

    # The applicant clicks again on a stale page: no second receipt is created.
    applicant.post(
        f"/positivehub/candidature/{application.pk}/deposer/",
        form_page=f"/positivehub/candidature/{application.pk}/",
    )
    applicant.close(), office.close()  # the people are done; the worker takes over

    logs = NotificationLog.objects.order_by("pk")
    assert [log.template for log in logs] == ["application_receipt", "eligibility_decision"]
    assert all(log.sent_at is None for log in logs)

    run_worker()  # the mail server is down: both fail, nothing is recorded as sent, retries are queued
    assert [(log.status, log.sent_at, log.attempts) for log in logs.all()] == [("failed", None, 1)] * 2
    assert mail.outbox == []
    assert sorted(t.status for t in hub_tasks()) == ["FAILED", "FAILED", "READY", "READY"]

    settings.EMAIL_BACKEND = WORKING_MAIL  # the server is back, and the retry delay has passed
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    call_command("hub_send_pending_mails")
    run_worker()

    assert sorted(m.subject for m in mail.outbox) == sorted(log.subject for log in logs.all())
    assert len(mail.outbox) == 2
    assert all(log.status == "sent" and log.sent_at for log in logs.all())
    decision = next(m for m in mail.outbox if "éligibilité" in m.subject)
    assert "Motif : L'équipe n'est pas « en santé mentale »." in decision.body


@pytest.mark.django_db
def test_a_failed_mail_is_resent_by_the_command_and_its_dedupe_key_never_blocks_it(settings, mailoutbox):
    user, _ = b.make_applicant("ana")
    settings.EMAIL_BACKEND = BROKEN_MAIL
    context = {"pseudonyms": ["P-101"], "deadline": "30 juin", "url": "/positivehub/comite/", "call": None}
    assert notifications.send("review_reminder", user, context, dedupe=["k"]) is True
    log = NotificationLog.objects.get()
    assert (log.status, log.sent_at, log.attempts) == ("failed", None, 1)

    settings.EMAIL_BACKEND = WORKING_MAIL
    notifications.send("review_reminder", user, context, dedupe=["k"])  # same key: the failed mail goes out
    assert len(mailoutbox) == 1
    notifications.send("review_reminder", user, context, dedupe=["k"])  # now sent: never twice
    call_command("hub_send_pending_mails")
    assert len(mailoutbox) == 1
    log.refresh_from_db()
    assert log.status == "sent" and log.sent_at is not None and log.attempts == 2


@pytest.mark.django_db
def test_the_periodic_command_sends_what_the_queue_could_not(settings, mailoutbox):
    user, _ = b.make_applicant("ana")
    settings.EMAIL_BACKEND = BROKEN_MAIL
    for n in range(3):
        notifications.send(
            "review_reminder", user, {"pseudonyms": [f"P-{n}"], "url": "/positivehub/comite/"}, dedupe=[n]
        )
    assert NotificationLog.objects.filter(status="failed").count() == 3
    settings.EMAIL_BACKEND = WORKING_MAIL
    call_command("hub_send_pending_mails")
    call_command("hub_send_pending_mails")
    assert len(mailoutbox) == 3
    assert NotificationLog.objects.filter(status="sent", sent_at__isnull=False).count() == 3


@pytest.mark.django_db
def test_mails_read_as_typed_with_absolute_links_and_a_real_reply_to(settings, mailoutbox, clock):
    settings.WAGTAILADMIN_BASE_URL = "https://bonnes-pratiques.example.org"
    settings.HUB_REPLY_TO = "positivehub@example.org"
    clock.set(2026, 3, 1, 10)
    call = b.make_call(status=CallStatus.OPEN, title="Appel à pépites « L'entraide » 2026")
    user, org = b.make_applicant("ana")
    application = b.make_application(call, org, user, title="Le café d'Ana & « les pairs »")
    from hub.services import applications as application_service

    application_service.submit_application(application, user)
    application_service.decide_eligibility(
        Application.objects.get(pk=application.pk),
        b.make_secretariat(),
        decision="more_info",
        reason="Précisez l'équipe « pair-aidante ».",
    )
    receipt, decision = mailoutbox
    assert "« Le café d'Ana & « les pairs » »" in receipt.body
    assert "&#x27;" not in receipt.body + decision.body and "&amp;" not in receipt.body + decision.body
    assert f"https://bonnes-pratiques.example.org/positivehub/candidature/{application.pk}/" in receipt.body
    assert "Motif : Précisez l'équipe « pair-aidante »." in decision.body
    for message in (receipt, decision):
        assert message.reply_to == ["positivehub@example.org"]
        assert "répondez à ce message" not in message.body.lower()
        assert "https://bonnes-pratiques.example.org/positivehub/donnees-personnelles/" in message.body
        assert "href=" not in message.body
