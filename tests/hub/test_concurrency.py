"""Two experts submitting at the same moment both count; a double submit creates nothing twice."""

import threading

import pytest
from django.db import connection

from hub.models import Application, AuditEvent, Review
from hub.services import reviews as review_service
from hub.services.aggregation import application_stats

from . import builders as b

JUST = dict.fromkeys(b.CODES, "Une justification suffisamment longue.")


@pytest.mark.django_db(transaction=True)
def test_two_experts_submitting_at_the_same_moment_both_count(clock):
    call = b.make_call()
    user, org = b.make_applicant("ana")
    application = b.make_application(call, org, user, status="in_review")
    experts = [b.make_expert(f"e{i}", call) for i in range(2)]
    assignments = [b.make_assignment(application, e) for e in experts]
    for assignment, expert in zip(assignments, experts):
        review_service.save_review(
            assignment, expert.user, scores=dict.fromkeys(b.CODES, 6), justifications=JUST
        )
    barrier = threading.Barrier(2)
    errors = []

    def submit(assignment, expert):
        try:
            barrier.wait(timeout=10)
            review_service.submit_review(assignment, expert.user)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(assignments, experts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Review.objects.filter(status="submitted").count() == 2
    assert application_stats(application).n_reviews == 2
    application.refresh_from_db()
    assert application.status == "reviewed"
    assert AuditEvent.objects.filter(verb="application.mark_reviewed").count() == 1
    assert Application.objects.count() == 1
