"""Calls prepared by the secretariat from the site: saved with their grid, paths and committee, audited, and
copied from last year's call in one action."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone

from hub.exceptions import HubError
from hub.models import Call, CallMembership, CallStatus, Criterion, SupportPath

from . import audit

# Addresses under /positivehub/ that a call's slug would hide.
RESERVED_SLUGS = frozenset(
    {
        "inscription",
        "donnees-personnelles",
        "candidature",
        "comite",
        "comite-scientifique",
        "secretariat",
        "presidence",
        "pepites",
        "priorites",
        "appels",
        "dossiers",
    }
)
# Until the call is open to applications its dates may move; afterwards they are part of what was promised.
DATES_EDITABLE = (CallStatus.DRAFT, CallStatus.ANNOUNCED, CallStatus.OPEN)
DATE_FIELDS = ("opens_at", "closes_at", "review_opens_at", "review_deadline", "consensus_deadline")
# Paths are used by the selection: they may change until the deliberation starts.
PATHS_EDITABLE = (
    CallStatus.DRAFT,
    CallStatus.ANNOUNCED,
    CallStatus.OPEN,
    CallStatus.CLOSED,
    CallStatus.ELIGIBILITY,
    CallStatus.REVIEW,
    CallStatus.CONSENSUS,
)


def dates_editable(call: Call | None) -> bool:
    return call is None or call.pk is None or call.status in DATES_EDITABLE


def paths_editable(call: Call | None) -> bool:
    return call is None or call.pk is None or call.status in PATHS_EDITABLE


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return str(value) if value is not None else None


def record_change(call: Call, actor: Any, *, created: bool, changed: dict[str, tuple[Any, Any]]) -> None:
    """One audit event per save of the call form, with what changed (old, new)."""
    audit.record(
        "call.created" if created else "call.edited",
        actor=actor,
        call=call,
        target=call,
        payload={name: [_plain(old), _plain(new)] for name, (old, new) in changed.items()},
    )


def _next_year(value: dt.datetime | None) -> dt.datetime | None:
    """The same local day and hour one year later (28 February for a 29 February)."""
    if value is None:
        return None
    local = timezone.localtime(value)
    try:
        moved = local.replace(year=local.year + 1)
    except ValueError:
        moved = local.replace(year=local.year + 1, day=28)
    return moved


@transaction.atomic
def copy_call(source: Call, actor: Any) -> Call:
    """Last year's call, one year later, in preparation: texts, theme, dates (+1 year, in the call's own time
    zone), rules, grid (unfrozen: it is frozen again when the new call is announced), paths and committee."""
    year = source.year + 1
    if Call.objects.filter(year=year).exists():
        raise HubError(f"Un appel existe déjà pour {year} : modifiez-le plutôt que d'en créer un second.")
    slug = f"appel-{year}"
    if Call.objects.filter(slug=slug).exists():
        slug = f"appel-{year}-{source.pk}"
    with timezone.override(zoneinfo.ZoneInfo(source.reference_time_zone)):
        dates = {name: _next_year(getattr(source, name)) for name in DATE_FIELDS}
    call = Call.objects.create(
        year=year,
        slug=slug,
        title=source.title.replace(str(source.year), str(year))
        if str(source.year) in source.title
        else f"{source.title} {year}",
        intro=source.intro.replace(str(source.year), str(year)),
        theme=source.theme,
        theme_decision_note="",
        white_paper_url=source.white_paper_url,
        congress=source.congress,
        eligibility_text=source.eligibility_text,
        status=CallStatus.DRAFT,
        reference_time_zone=source.reference_time_zone,
        min_reviews_per_application=source.min_reviews_per_application,
        n_selected=source.n_selected,
        n_laureates=source.n_laureates,
        overall_threshold=source.overall_threshold,
        min_hr_fte=source.min_hr_fte,
        **dates,
    )
    Criterion.objects.bulk_create(
        [
            Criterion(
                call=call,
                code=c.code,
                label=c.label,
                guidance=c.guidance,
                anchors=dict(c.anchors or {}),
                weight=c.weight,
                threshold_half=c.threshold_half,
                tie_break_rank=c.tie_break_rank,
                order=c.order,
            )
            for c in source.criteria.order_by("order", "code")
        ]
    )
    SupportPath.objects.bulk_create(
        [
            SupportPath(
                call=call,
                code=p.code,
                title=p.title,
                description=p.description,
                maturity=p.maturity,
                capacity=p.capacity,
                order=p.order,
            )
            for p in source.paths.order_by("order")
        ]
    )
    CallMembership.objects.bulk_create(
        [
            CallMembership(call=call, expert_id=m.expert_id, role=m.role, is_active=True)
            for m in source.memberships.filter(is_active=True)
        ]
    )
    audit.record("call.copied", actor=actor, call=call, target=call, payload={"from": source.year})
    return call


def latest_call() -> Call | None:
    return Call.objects.order_by("-year").first()
