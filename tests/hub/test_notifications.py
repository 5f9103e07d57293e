"""Emails: receipt with reference and hash, eligibility decision, invitation with the COI link, reminders
D-7/D-2/D-0 only for missing reviews, results with the report link."""

import pytest

from hub.services import applications as application_service
from hub.services import assignments as assignment_service

from . import builders as b

pytestmark = pytest.mark.django_db


def test_receipt_email_has_the_reference_and_the_snapshot_hash(open_call, clock, mailoutbox):
    user, org = b.make_applicant("ana")
    application = b.make_application(open_call, org, user)
    clock.set(2026, 3, 1, 10)
    application_service.submit_application(application, user)
    application.refresh_from_db()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert application.reference in message.subject
    assert application.snapshot_hash in message.body and len(application.snapshot_hash) == 64
    assert application.submitted_snapshot["content"]["title"] == application.title


def test_eligibility_refusal_sends_the_written_reason(open_call, clock, mailoutbox):
    user, org = b.make_applicant("ana")
    application = b.make_application(open_call, org, user, status="submitted")
    application_service.decide_eligibility(
        application,
        b.make_secretariat(),
        decision="ineligible",
        reason="Le projet ne porte pas sur la santé mentale.",
    )
    assert "Le projet ne porte pas sur la santé mentale." in mailoutbox[0].body
    assert application.eligibility.reason.startswith("Le projet")


def test_invitation_links_to_the_conflict_declaration_and_shows_the_title_only(world, mailoutbox):
    expert = b.make_expert("newcomer", world["call"])
    assignment_service.assign(world["app_b"], expert, world["users"]["secretariat"])
    message = mailoutbox[-1]
    assert f"/positivehub/comite/dossiers/{world['app_b'].pk}/conflit/" in message.body
    assert world["app_b"].title in message.body
    assert world["app_b"].organisation.name not in message.body


@pytest.mark.parametrize("day, expected", [(23, 1), (28, 1), (30, 1), (25, 0)])
def test_reminders_d7_d2_d0_only_for_missing_reviews(world, clock, mailoutbox, day, expected):
    clock.set(2026, 6, day, 9)
    assignment_service.send_reminders(world["call"])
    assignment_service.send_reminders(world["call"])  # the cron ran twice: still one email
    recipients = [m.to[0] for m in mailoutbox]
    assert recipients.count(world["users"]["expert_assigned"].email) == expected
    for peer in world["experts"]["peers"]:  # their review is in
        assert peer.user.email not in recipients
