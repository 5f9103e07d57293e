"""Nothing is submitted or scored after its deadline (time-zone aware, boundary included)."""

import datetime as dt
import uuid
import zoneinfo

import pytest
from django.urls import reverse

from hub.exceptions import DeadlinePassed, HubError, ReviewLocked
from hub.models import AuditEvent, CallStatus, Review
from hub.services import applications as application_service
from hub.services import reviews as review_service
from hub.services import transitions

from . import builders as b

pytestmark = pytest.mark.django_db
HALVES = dict.fromkeys(b.CODES, 8)
JUST = dict.fromkeys(b.CODES, "Justification argumentée du critère.")


@pytest.mark.parametrize("tz", ["America/Toronto", "Africa/Dakar", "Europe/Paris", "Asia/Beirut"])
def test_submit_application_rejected_at_and_after_closes_at(open_call, tz, mailoutbox):
    user, org = b.make_applicant("ana", tz=tz)
    closes = open_call.closes_at
    just_before = b.make_application(open_call, org, user, n=1)
    application_service.submit_application(just_before, user, now=closes - dt.timedelta(seconds=1))
    just_before.refresh_from_db()
    assert just_before.status == "submitted"
    for n, moment in ((2, closes), (3, closes + dt.timedelta(seconds=1))):
        late = b.make_application(open_call, org, user, n=n)
        with pytest.raises(DeadlinePassed) as error:
            application_service.submit_application(late, user, now=moment)
        local = closes.astimezone(zoneinfo.ZoneInfo(tz))
        assert f"{local:%H:%M}" in str(error.value) and tz in str(error.value)
        late.refresh_from_db()
        assert late.status == "draft"


def test_late_submission_through_the_site_shows_the_deadline_in_the_readers_time_zone(
    client, open_call, clock
):
    user, org = b.make_applicant("ana", tz="America/Toronto")
    application = b.make_application(open_call, org, user)
    clock.set(2026, 3, 31, 18, 0)  # exactly the deadline, in Paris
    client.force_login(user)
    response = client.post(reverse("hub:application-submit", args=[application.pk]), follow=True)
    content = response.content.decode()
    assert response.status_code == 200
    assert "31 mars 2026 à 12:00 (America/Toronto)" in content
    assert "soit 31 mars 2026 à 18:00 à Paris" in content
    application.refresh_from_db()
    assert application.status == "draft"


def test_start_application_refused_before_opening_and_after_closing(open_call, clock):
    user, org = b.make_applicant("ana")
    clock.set(2026, 1, 15, 8, 59)
    with pytest.raises(DeadlinePassed):
        application_service.start_application(open_call, org, user, uuid.uuid4())
    clock.set(2026, 1, 15, 9, 0)
    assert application_service.start_application(open_call, org, user, uuid.uuid4()).pk


@pytest.fixture
def review_world(call):
    user, org = b.make_applicant("ana")
    application = b.make_application(call, org, user, status="in_review")
    expert = b.make_expert("eva", call)
    chair = b.make_expert("chair", call, role="chair")
    assignment = b.make_assignment(application, expert)
    return application, expert, chair, assignment


def test_review_submit_rejected_after_review_deadline(review_world, clock):
    application, expert, _, assignment = review_world
    review_service.save_review(assignment, expert.user, scores=HALVES, justifications=JUST)
    clock.set(application.call.review_deadline)
    with pytest.raises(DeadlinePassed):
        review_service.submit_review(assignment, expert.user)
    with pytest.raises(DeadlinePassed):
        review_service.save_review(assignment, expert.user, scores=HALVES, justifications=JUST)
    assert Review.objects.get(assignment=assignment).status == Review.Status.DRAFT


def test_submitted_review_not_editable_by_author(review_world, clock):
    _, expert, _, assignment = review_world
    review_service.save_review(assignment, expert.user, scores=HALVES, justifications=JUST)
    review_service.submit_review(assignment, expert.user)
    with pytest.raises(ReviewLocked):
        review_service.save_review(
            assignment, expert.user, scores=dict.fromkeys(b.CODES, 2), justifications=JUST
        )
    assert set(Review.objects.get(assignment=assignment).scores.values_list("score_half", flat=True)) == {8}


def test_chair_reopen_before_deadline_requires_reason_and_logs_event(review_world, clock):
    _, expert, chair, assignment = review_world
    review_service.save_review(assignment, expert.user, scores=HALVES, justifications=JUST)
    review = review_service.submit_review(assignment, expert.user)
    with pytest.raises(HubError, match="motif"):
        review_service.reopen_review(review, chair.user, "  ")
    with pytest.raises(HubError):
        review_service.reopen_review(review, expert.user, "Je veux changer")
    review = review_service.reopen_review(review, chair.user, "Justification C2 à préciser.")
    assert review.status == Review.Status.DRAFT and review.reopen_count == 1
    event = AuditEvent.objects.get(verb="review.reopen")
    assert event.payload["reason"] == "Justification C2 à préciser." and event.actor == chair.user


def test_chair_reopen_after_deadline_rejected(review_world, clock):
    application, expert, chair, assignment = review_world
    review_service.save_review(assignment, expert.user, scores=HALVES, justifications=JUST)
    review = review_service.submit_review(assignment, expert.user)
    clock.set(application.call.review_deadline)
    with pytest.raises(DeadlinePassed):
        review_service.reopen_review(review, chair.user, "Trop tard")
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED


def test_time_transitions_are_idempotent_when_command_runs_twice(db, clock):
    from django.core.management import call_command

    call = b.make_call(status=CallStatus.ANNOUNCED)
    clock.set(2026, 2, 1, 12)
    call_command("hub_tick")
    call_command("hub_tick")
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert AuditEvent.objects.filter(verb="call.open").count() == 1
    clock.set(2026, 3, 31, 18)
    assert transitions.tick() == [(call.slug, "close")]
    assert transitions.tick() == []


def test_a_late_cron_cannot_extend_the_deadline(db, clock):
    call = b.make_call(status=CallStatus.OPEN)  # the stored status still says "open"
    clock.set(2026, 4, 2, 12)
    user, org = b.make_applicant("ana")
    application = b.make_application(call, org, user)
    with pytest.raises(DeadlinePassed):
        application_service.submit_application(application, user)
