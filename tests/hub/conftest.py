import datetime as dt

import pytest

from hub.models import ApplicationStatus, Assignment, CallMembership, CallStatus

from . import builders as b
from .live import visitor  # noqa: F401 — the live-server visitor fixture, for every hub test


class Clock:
    def __init__(self, now):
        self.now = now

    def set(self, *args):
        self.now = b.paris(*args) if not isinstance(args[0], dt.datetime) else args[0]
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Freezes django.utils.timezone.now (default: 1 June 2026, 12:00 in Paris); move it with clock.set(...)."""
    clock = Clock(b.paris(2026, 6, 1, 12))
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock.now)
    return clock


@pytest.fixture(autouse=True)
def _fresh_sites():
    """A flushed database (live-server tests) recreates the Wagtail Site: forget the page cache's memo of sites."""
    from pagecache import core

    core.forget_sites()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def call(db):
    return b.make_call()


@pytest.fixture
def open_call(db):
    return b.make_call(status=CallStatus.OPEN)


@pytest.fixture
def world(db, clock):
    """A call in its review phase with every role of the permission matrix."""
    call = b.make_call(status=CallStatus.REVIEW)
    applicant_a, org_a = b.make_applicant("alice", "Association Les Pairs Lyonnais")
    applicant_b, org_b = b.make_applicant(
        "bruno", "Centre hospitalier de Bruxelles-Sud", legal_form="hospital", country="BE"
    )
    app_a = b.make_application(call, org_a, applicant_a, status=ApplicationStatus.IN_REVIEW, n=1)
    app_b = b.make_application(call, org_b, applicant_b, status=ApplicationStatus.IN_REVIEW, n=2)
    assigned = b.make_expert("assignee", call)
    unassigned = b.make_expert("unassigned", call)
    conflicted = b.make_expert("conflicted", call)
    chair = b.make_expert("chair", call, role=CallMembership.Role.CHAIR)
    chair_coi = b.make_expert("chaircoi", call, role=CallMembership.Role.VICE_CHAIR)
    peers = [b.make_expert(f"peer{i}", call) for i in range(2)]
    secretariat = b.make_secretariat()
    assignment = b.make_assignment(app_a, assigned)
    conflicted_assignment = b.make_assignment(app_a, conflicted, status=Assignment.Status.RECUSED)
    b.declare(conflicted, app_a)
    b.declare(chair_coi, app_a)
    peer_assignments = [b.make_assignment(app_a, p) for p in peers]
    for pa in peer_assignments:
        b.make_review(pa, 7)
    draft_a = b.make_application(call, org_a, applicant_a, n=3)
    past_call, past_a = b.make_published_call(applicant_a, org_a, chair.user)
    return dict(
        call=call,
        app_a=app_a,
        app_b=app_b,
        org_a=org_a,
        draft_a=draft_a,
        past_call=past_call,
        past_a=past_a,
        users={
            "anonymous": None,
            "applicant_a": applicant_a,
            "applicant_b": applicant_b,
            "expert_assigned": assigned.user,
            "expert_unassigned": unassigned.user,
            "expert_coi": conflicted.user,
            "chair": chair.user,
            "chair_coi": chair_coi.user,
            "secretariat": secretariat,
        },
        experts=dict(
            assigned=assigned,
            unassigned=unassigned,
            conflicted=conflicted,
            chair=chair,
            chair_coi=chair_coi,
            peers=peers,
        ),
        assignment=assignment,
        conflicted_assignment=conflicted_assignment,
        peer_assignments=peer_assignments,
    )
