"""The chair's summary e-mail at each deadline of a call (close of applications, end of the review, end of the
consensus): where the call stands, what is short, what to do next. Sent once per deadline, through the mail
queue, by `hub_tick` (cron) within a week after the deadline."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from hub.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    CallMembership,
    ConsensusReport,
    Review,
)

from . import notifications
from .applications import format_deadline
from .quorum import short_applications

LATE_WINDOW = datetime.timedelta(days=7)
DEADLINES = (
    ("closes_at", "la clôture des candidatures"),
    ("review_deadline", "la fin de l'évaluation"),
    ("consensus", "la fin du consensus"),
)


def deadline_value(call: Call, name: str) -> datetime.datetime | None:
    if name == "consensus":
        return call.effective_consensus_deadline
    value: datetime.datetime | None = getattr(call, name)
    return value


def chairs(call: Call) -> list[Any]:
    memberships = CallMembership.objects.filter(
        call=call,
        is_active=True,
        role__in=(CallMembership.Role.CHAIR, CallMembership.Role.VICE_CHAIR),
    ).select_related("expert__user")
    return [m.expert.user for m in memberships]


def call_summary(call: Call) -> dict[str, Any]:
    """The figures of the summary, in a constant number of queries whatever the size of the call."""
    labels = dict(ApplicationStatus.choices)
    by_status = [
        (labels.get(row["status"], row["status"]), row["n"])
        for row in Application.objects.filter(call=call)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by("status")
    ]
    assignments = Assignment.objects.filter(
        application__call=call, status__in=(Assignment.Status.ACTIVE, Assignment.Status.COMPLETED)
    )
    expected = assignments.count()
    submitted = Review.objects.filter(
        assignment__application__call=call, status=Review.Status.SUBMITTED
    ).count()
    short = short_applications(call)
    reports = ConsensusReport.objects.filter(application__call=call)
    return {
        "by_status": by_status,
        "n_applications": sum(n for _, n in by_status),
        "reviews_expected": expected,
        "reviews_submitted": submitted,
        "short": [(a.pseudonym, counted, pending) for a, counted, pending in short],
        "consensus_agreed": reports.filter(status=ConsensusReport.Status.AGREED).count(),
        "consensus_total": reports.count(),
    }


def send_deadline_summaries(call: Call, now: datetime.datetime | None = None) -> int:
    """One mail per chair (and vice-chair) per passed deadline, at most a week late; returns the mails queued."""
    now = now or timezone.now()
    sent = 0
    recipients: list[Any] | None = None
    for name, label in DEADLINES:
        deadline = deadline_value(call, name)
        if deadline is None or not deadline <= now < deadline + LATE_WINDOW:
            continue
        if recipients is None:
            recipients = chairs(call)
            summary = call_summary(call) if recipients else {}
        for user in recipients:
            sent += notifications.send(
                "chair_summary",
                user,
                {
                    "call": call,
                    "deadline_label": label,
                    "deadline": format_deadline(deadline, user),
                    "url": reverse("hub:chair-ranking", args=[call.slug]),
                    **summary,
                },
                dedupe=["chair-summary", call.pk, name, deadline.isoformat()],
                now=now,
            )
    return sent
