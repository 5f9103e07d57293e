"""Every (state, transition, role) of the application state machine is allowed or denied as specified,
and every transition writes an audit event."""

import itertools

import pytest

from hub.exceptions import InvalidTransition
from hub.models import ApplicationStatus, AuditEvent, CallStatus
from hub.services.transitions import (
    APPLICATION_TRANSITIONS,
    CALL_TRANSITIONS,
    transition_application,
    transition_call,
)

from . import builders as b

ROLES = ("applicant", "secretariat", "chair", "system")
CASES = list(itertools.product(ApplicationStatus.values, APPLICATION_TRANSITIONS, ROLES))


@pytest.fixture
def application(db):
    call = b.make_call()
    user, org = b.make_applicant("ana")
    return b.make_application(call, org, user)


def test_transition_table_is_exhaustive_for_every_state_transition_and_role(application):
    allowed_count = 0
    for state, name, role in CASES:
        application.status = state
        sources, target, allowed_role = APPLICATION_TRANSITIONS[name]
        allowed = state in sources and role == allowed_role
        events_before = AuditEvent.objects.count()
        if allowed:
            transition_application(application, name, role=role)
            assert application.status == target
            assert AuditEvent.objects.count() == events_before + 1
            allowed_count += 1
        else:
            with pytest.raises(InvalidTransition):
                transition_application(application, name, role=role)
            assert application.status == state
            assert AuditEvent.objects.count() == events_before
    assert allowed_count == sum(len(sources) for sources, *_ in APPLICATION_TRANSITIONS.values())


def test_call_transition_table_for_every_state_and_role(db):
    call = b.make_call(status=CallStatus.DRAFT)
    for state, name, role in itertools.product(CallStatus.values, CALL_TRANSITIONS, ROLES):
        call.status = state
        sources, target, allowed_role = CALL_TRANSITIONS[name]
        if state in sources and role == allowed_role:
            transition_call(call, name, role=role)
            assert call.status == target
        else:
            with pytest.raises(InvalidTransition):
                transition_call(call, name, role=role)


def test_invalid_transition_message_is_in_french(application):
    with pytest.raises(
        InvalidTransition, match="Action impossible : la candidature est à l'état « Brouillon »"
    ):
        transition_application(application, "declare_eligible", role="secretariat")


def test_announcing_freezes_the_grid_and_needs_a_theme(db):
    from hub.exceptions import HubError
    from hub.services.transitions import announce_call

    call = b.make_call(status=CallStatus.DRAFT, frozen=False, year=2027)
    user = b.make_secretariat()
    call.theme = None
    call.save()
    with pytest.raises(HubError, match="thème"):
        announce_call(call, user)
    call.theme = b.Priority.objects.first()
    call.save()
    announce_call(call, user)
    call.refresh_from_db()
    assert (
        call.status == CallStatus.ANNOUNCED
        and call.grid_frozen_at
        and call.grid_hash == call.compute_grid_hash()
    )


def test_review_cannot_open_before_every_application_has_three_active_experts(db):
    from hub.exceptions import HubError
    from hub.services.transitions import open_review

    call = b.make_call(status=CallStatus.ELIGIBILITY)
    user, org = b.make_applicant("ana")
    app = b.make_application(call, org, user, status="eligible")
    experts = [b.make_expert(f"e{i}", call) for i in range(3)]
    b.make_assignment(app, experts[0])
    with pytest.raises(HubError, match="1 expert"):
        open_review(call, b.make_secretariat())
    for expert in experts[1:]:
        b.make_assignment(app, expert)
    open_review(call, b.make_user("sec2", "Secrétariat PositiveHub"))
    app.refresh_from_db()
    assert app.status == "in_review"
