"""CSV exports. Every export asks the access gate first; the chair's matrix leaves out the chair's conflicts."""

from __future__ import annotations

import csv
import io
from typing import Any

from hub.models import AuditEvent, Call, ConsensusScore, Outcome, PublicListing, Review
from hub.permissions import awaiting_own_review_ids, blocking_conflicts, get_expert, letters_by_application

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula (=HYPERLINK(…), +, -, @, tab, CR) is prefixed with an
    apostrophe, so it is shown as typed and never run; numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def public_results_csv(call: Call) -> str:
    """Anonymised: pseudonym; the title and organisation only for consented, published pépites."""
    run = call.selection_runs.filter(is_final=True).first()
    codes = list(call.criteria.order_by("order").values_list("code", flat=True))
    listings = {pl.application_id: pl for pl in PublicListing.objects.filter(application__call=call)}
    outcomes = Outcome.objects.filter(call=call, rank__isnull=False).select_related("application__consensus")
    consensus: dict[int, dict[str, float]] = {}
    for app_id, code, half in ConsensusScore.objects.filter(report__application__call=call).values_list(
        "report__application_id", "criterion__code", "score_half"
    ):
        consensus.setdefault(app_id, {})[code] = half / 2
    rows = []
    for o in outcomes.order_by("rank"):
        listing = listings.get(o.application_id)
        rows.append(
            [
                o.rank,
                o.application.pseudonym,
                listing.public_title if listing else "",
                listing.organisation_name if listing else "",
                o.get_outcome_display(),
                o.total_score,
                *[consensus.get(o.application_id, {}).get(c, "") for c in codes],
                run.inputs_hash if run else "",
            ]
        )
    return _csv(
        [
            "rang",
            "pseudonyme",
            "titre",
            "organisation",
            "résultat",
            "note sur 100",
            *[f"consensus {c}" for c in codes],
            "empreinte des données",
        ],
        rows,
    )


def score_matrix_csv(call: Call, user: Any) -> str:
    """Pseudonymised per-expert matrix for the chair; rows of applications the user is conflicted on are removed."""
    expert = get_expert(user)
    hidden = (
        set(blocking_conflicts().filter(expert=expert).values_list("application_id", flat=True))
        if expert
        else set()
    )
    hidden |= awaiting_own_review_ids(user, call)  # her own review first, as on every page
    conflicted_pairs = set(
        blocking_conflicts().filter(application__call=call).values_list("expert_id", "application_id")
    )
    codes = list(call.criteria.order_by("order").values_list("code", flat=True))
    submitted = (
        Review.objects.filter(assignment__application__call=call, status=Review.Status.SUBMITTED)
        .exclude(assignment__application_id__in=hidden)
        .select_related("assignment__application")
        .prefetch_related("scores__criterion")
        .order_by("assignment__application__pseudonym", "assignment_id")
    )
    reviews = list(submitted)
    letters_cache = letters_by_application({r.assignment.application_id for r in reviews})
    rows = []
    for review in reviews:
        app = review.assignment.application
        if (review.assignment.expert_id, app.pk) in conflicted_pairs:
            continue
        letters = letters_cache[app.pk]
        scores = {
            s.criterion.code: (None if s.score_half is None else s.score_half / 2)
            for s in review.scores.all()
        }
        rows.append(
            [app.pseudonym, letters[review.assignment.expert_id], *[scores.get(c, "") for c in codes]]
        )
    return _csv(["dossier", "expert", *codes], rows)


def applications_csv(call: Call) -> str:
    rows = [
        [
            a.reference,
            a.pseudonym,
            a.organisation.name,
            a.organisation.get_legal_form_display(),
            a.organisation.get_country_display(),
            a.title,
            a.get_status_display(),
            a.submitted_at.isoformat() if a.submitted_at else "",
            a.snapshot_hash,
        ]
        for a in call.applications.select_related("organisation").order_by("reference")
    ]
    return _csv(
        [
            "référence",
            "pseudonyme",
            "organisation",
            "forme juridique",
            "pays",
            "titre",
            "état",
            "déposée le",
            "empreinte",
        ],
        rows,
    )


def audit_csv(call: Call | None = None) -> str:
    events = AuditEvent.objects.select_related("actor", "target_ct").order_by("created_at", "id")
    if call is not None:
        events = events.filter(call=call)
    rows = [
        [
            e.created_at.isoformat(),
            e.actor.get_username() if e.actor else "système",
            e.verb,
            f"{e.target_ct.model}:{e.target_id}" if e.target_ct else "",
            e.payload,
        ]
        for e in events
    ]
    return _csv(["date", "auteur", "action", "cible", "détails"], rows)
