"""The selection: a pure, re-runnable function of the recorded data, then its publication.

`select(inputs)` only reads plain data; `build_inputs(call)` reads the database; `run_selection` stores both
with their hashes; `publish_results` writes outcomes, listings and support activities from the final run."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from hub.exceptions import ConflictOfInterest, HubError
from hub.models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    ConsensusReport,
    Outcome,
    Override,
    PublicListing,
    SelectionRun,
    SupportActivity,
    SupportPath,
    TieBreakVote,
)
from hub.permissions import blocking_conflicts, get_expert, has_conflict, is_chair

from . import audit, notifications
from .grid import weighted_total
from .transitions import transition_application, transition_call

ALGORITHM_VERSION = "2026.1"


def canonical_hash(data: Any) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()


# --- The pure function ---------------------------------------------------------------------------------------


def _rank_band(position: int, size: int) -> str:
    if size == 0:
        return ""
    share = position / size
    for limit, label in ((0.25, "premier quart"), (0.5, "deuxième quart"), (0.75, "troisième quart")):
        if share <= limit:
            return f"Classement : {label} des dossiers éligibles"
    return "Classement : dernier quart des dossiers éligibles"


def select(inputs: dict[str, Any]) -> dict[str, Any]:
    """E = eligible applications with an agreed consensus (the inputs). Returns the full, ordered result."""
    call = inputs["call"]
    criteria = inputs["criteria"]
    weights = {c["code"]: c["weight"] for c in criteria}
    chain = [
        c["code"]
        for c in sorted(
            (c for c in criteria if c["tie_break_rank"] is not None), key=lambda c: c["tie_break_rank"]
        )
    ]
    threshold = Decimal(call["overall_threshold"])
    votes = {int(k): v for k, v in inputs.get("tie_votes", {}).items()}
    excluded = {o["application"] for o in inputs.get("overrides", []) if o["kind"] == "exclude"}
    path_overrides = {o["application"]: o["path"] for o in inputs.get("overrides", []) if o["kind"] == "path"}

    rows = []
    for app in inputs["applications"]:
        total = weighted_total(weights, app["consensus"])
        reasons = [
            f"{c['code']} sous le seuil ({app['consensus'][c['code']] / 2:g} < {c['threshold_half'] / 2:g})"
            for c in criteria
            if c["threshold_half"] is not None and app["consensus"][c["code"]] < c["threshold_half"]
        ]
        if total < threshold:
            reasons.append(f"note globale sous le seuil ({total} < {threshold})")
        if app["id"] in excluded:
            reasons.append("retiré de la sélection par décision justifiée du comité")
        rows.append(
            {
                "id": app["id"],
                "pseudonym": app["pseudonym"],
                "maturity": app["maturity"],
                "consent": app["consent"],
                "total": total,
                "passes": not reasons,
                "reasons": reasons,
                "key": (-total, *(-app["consensus"][code] for code in chain)),
            }
        )

    passing = sorted((r for r in rows if r["passes"]), key=lambda r: (r["key"], r["id"]))
    # Published tie chain first; groups still tied are ordered by a recorded committee vote.
    ordered: list[dict[str, Any]] = []
    unresolved: list[list[str]] = []
    cuts = {min(call["n_selected"], len(passing)), min(call["n_laureates"], len(passing))}
    for _, grouped in groupby(passing, key=lambda r: r["key"]):
        group = list(grouped)
        start = len(ordered)
        if len(group) > 1:
            for r in group:
                r["ex_aequo"] = True
            spans_cut = any(start < cut < start + len(group) for cut in cuts)
            if all(r["id"] in votes for r in group):
                group.sort(key=lambda r: votes[r["id"]])
            elif spans_cut:
                unresolved.append([r["pseudonym"] for r in group])
        ordered.extend(group)

    selected = ordered[: call["n_selected"]]
    laureates = selected[: call["n_laureates"]]
    remaining = {p["code"]: p["capacity"] for p in inputs["paths"]}
    paths_by_maturity = {p["maturity"]: p["code"] for p in sorted(inputs["paths"], key=lambda p: p["order"])}
    decisions_needed = []
    for r in laureates:
        chosen = path_overrides.get(r["id"])
        if chosen is None:
            preferred = paths_by_maturity.get(r["maturity"])
            if preferred and (remaining.get(preferred) is None or remaining[preferred] > 0):
                chosen = preferred
            else:
                decisions_needed.append(r["pseudonym"])
        if chosen is not None and remaining.get(chosen) is not None:
            remaining[chosen] -= 1
        r["path"] = chosen
        r["path_overridden"] = r["id"] in path_overrides

    selected_ids = {r["id"] for r in selected}
    laureate_ids = {r["id"] for r in laureates}
    eligible_count = len(rows)
    ranking = []
    for position, r in enumerate(ordered, start=1):
        r["rank"] = position
    for r in sorted(rows, key=lambda r: (r.get("rank") or 10**6, r["key"], r["id"])):
        if r["id"] in laureate_ids:
            outcome = "laureate"
        elif r["id"] in selected_ids:
            outcome = "selected"
        elif r["consent"]:
            outcome = "listed"
        else:
            outcome = "not_retained"
        ranking.append(
            {
                "id": r["id"],
                "pseudonym": r["pseudonym"],
                "total": str(r["total"]),
                "rank": r.get("rank"),
                "passes": r["passes"],
                "reasons": r["reasons"],
                "outcome": outcome,
                "path": r.get("path"),
                "path_overridden": r.get("path_overridden", False),
                "ex_aequo": r.get("ex_aequo", False),
                "band": (
                    "Sous un seuil éliminatoire"
                    if not r["passes"]
                    else ("" if r["id"] in selected_ids else _rank_band(r["rank"], eligible_count))
                ),
            }
        )
    return {
        "algorithm_version": inputs["algorithm_version"],
        "ranking": ranking,
        "selected": [r["pseudonym"] for r in selected],
        "laureates": [r["pseudonym"] for r in laureates],
        "unresolved_ties": unresolved,
        "path_decisions_needed": decisions_needed,
        "is_complete": not unresolved and not decisions_needed,
    }


# --- Reading the recorded data ---------------------------------------------------------------------------------


def build_inputs(call: Call) -> dict[str, Any]:
    criteria = list(call.criteria.order_by("code"))
    reports = (
        ConsensusReport.objects.filter(application__call=call, status=ConsensusReport.Status.AGREED)
        .exclude(application__status__in=(ApplicationStatus.WITHDRAWN, ApplicationStatus.INELIGIBLE))
        .select_related("application")
        .prefetch_related("scores__criterion")
        .order_by("application_id")
    )
    applications = []
    for report in reports:
        app = report.application
        applications.append(
            {
                "id": app.pk,
                "pseudonym": app.pseudonym,
                "maturity": app.maturity,
                "consent": bool(app.public_listing_consent),
                "consensus": {s.criterion.code: s.score_half for s in report.scores.all()},
            }
        )
    return {
        "algorithm_version": ALGORITHM_VERSION,
        "call": {
            "year": call.year,
            "n_selected": call.n_selected,
            "n_laureates": call.n_laureates,
            "overall_threshold": str(call.overall_threshold),
            "grid_hash": call.grid_hash,
        },
        "criteria": [
            {
                "code": c.code,
                "weight": c.weight,
                "threshold_half": c.threshold_half,
                "tie_break_rank": c.tie_break_rank,
            }
            for c in criteria
        ],
        "paths": [
            {"code": p.code, "maturity": p.maturity, "capacity": p.capacity, "order": p.order}
            for p in call.paths.order_by("order", "code")
        ],
        "applications": applications,
        "tie_votes": {
            str(v.application_id): v.position for v in call.tie_break_votes.order_by("application_id")
        },
        "overrides": [
            {"application": o.application_id, "kind": o.kind, "path": o.path.code if o.path else None}
            for o in call.overrides.select_related("path").order_by("application_id", "kind")
        ],
    }


def _require_quorum(call: Call) -> None:
    """No application enters the ranking with fewer counted reviews than the call requires (a review excluded
    after its consensus, for instance)."""
    from .quorum import short_applications

    short = [
        a.pseudonym for a, _, _ in short_applications(call) if a.status == ApplicationStatus.CONSENSUS_DONE
    ]
    if short:
        raise HubError(
            f"Évaluations insuffisantes ({call.min_reviews_per_application} requises) pour : "
            f"{', '.join(short)}. "
            "Affectez d'autres experts avant de calculer la sélection."
        )


def _require_chair(user: Any, call: Call) -> None:
    if not is_chair(user, call):
        raise HubError("Seule la présidence du comité peut faire cela.")


def run_selection(call: Call, user: Any, now: datetime.datetime | None = None) -> SelectionRun:
    _require_chair(user, call)
    if call.status not in (CallStatus.CONSENSUS, CallStatus.DELIBERATION):
        raise HubError("La sélection se calcule pendant le consensus ou la délibération.")
    now = now or timezone.now()
    _require_quorum(call)
    inputs = build_inputs(call)
    result = select(inputs)
    run = SelectionRun.objects.create(
        call=call,
        computed_at=now,
        computed_by=user,
        algorithm_version=ALGORITHM_VERSION,
        inputs=inputs,
        inputs_hash=canonical_hash(inputs),
        result=result,
        result_hash=canonical_hash(result),
    )
    audit.record(
        "selection.run",
        actor=user,
        call=call,
        target=run,
        payload={"inputs_hash": run.inputs_hash, "result_hash": run.result_hash},
        now=now,
    )
    return run


def finalise_run(run: SelectionRun, user: Any, now: datetime.datetime | None = None) -> SelectionRun:
    _require_chair(user, run.call)
    if run.call.status != CallStatus.DELIBERATION:
        raise HubError("La sélection ne peut être rendue définitive que pendant la délibération.")
    if not run.result["is_complete"]:
        raise HubError(
            "Des égalités ou des choix de parcours restent à trancher par un vote ou une décision justifiée."
        )
    _require_quorum(run.call)
    if canonical_hash(build_inputs(run.call)) != run.inputs_hash:
        raise HubError("Les données ont changé depuis ce calcul : relancez la sélection.")
    try:
        with transaction.atomic():
            run.is_final, run.finalised_by = True, user
            run.save(update_fields=["is_final", "finalised_by"])
    except IntegrityError:
        run.is_final = False
        raise HubError("Un calcul définitif existe déjà pour cet appel.") from None
    audit.record(
        "selection.finalise",
        actor=user,
        call=run.call,
        target=run,
        payload={"inputs_hash": run.inputs_hash},
        now=now,
    )
    return run


def record_tie_vote(
    call: Call,
    user: Any,
    application: Application,
    *,
    position: int,
    minutes: str,
    voters: Any,
    now: datetime.datetime | None = None,
) -> TieBreakVote:
    _require_chair(user, call)
    if not (minutes or "").strip():
        raise HubError("Le compte rendu du vote est obligatoire.")
    conflicted = set(blocking_conflicts().filter(application=application).values_list("expert_id", flat=True))
    if any(v.pk in conflicted for v in voters):
        raise ConflictOfInterest("Un expert en conflit d'intérêts ne vote pas sur ce dossier.")
    vote, _ = TieBreakVote.objects.update_or_create(
        call=call,
        application=application,
        defaults={
            "position": position,
            "minutes": minutes.strip(),
            "recorded_by": user,
            "recorded_at": now or timezone.now(),
        },
    )
    vote.voters.set(voters)
    audit.record(
        "selection.tie_vote",
        actor=user,
        call=call,
        target=vote,
        payload={"application": application.pk, "position": position, "voters": sorted(v.pk for v in voters)},
        now=now,
    )
    return vote


def record_override(
    call: Call,
    user: Any,
    application: Application,
    *,
    kind: str,
    justification: str,
    path: SupportPath | None = None,
    now: datetime.datetime | None = None,
) -> Override:
    _require_chair(user, call)
    if has_conflict(get_expert(user), application):
        raise ConflictOfInterest("Vous êtes en conflit d'intérêts sur ce dossier.")
    if not (justification or "").strip():
        raise HubError("Une justification écrite est obligatoire pour toute dérogation.")
    if kind == Override.Kind.PATH and path is None:
        raise HubError("Choisissez le parcours.")
    override, _ = Override.objects.update_or_create(
        call=call,
        application=application,
        kind=kind,
        defaults={
            "path": path,
            "justification": justification.strip(),
            "decided_by": user,
            "decided_at": now or timezone.now(),
        },
    )
    audit.record(
        "selection.override",
        actor=user,
        call=call,
        target=override,
        payload={
            "application": application.pk,
            "kind": kind,
            "path": path.code if path else None,
            "justification": justification.strip(),
        },
        now=now,
    )
    return override


# --- Publication -----------------------------------------------------------------------------------------------

TRANSITION_FOR = {
    "laureate": "make_laureate",
    "selected": "select",
    "listed": "list",
    "not_retained": "not_retain",
}
BADGE_FOR = {
    "laureate": PublicListing.Badge.LAUREATE,
    "selected": PublicListing.Badge.PEPITE,
    "listed": PublicListing.Badge.LISTED,
}
STANDARD_SUPPORT = (
    SupportActivity.Kind.LISTING,
    SupportActivity.Kind.PITCH_COACHING,
    SupportActivity.Kind.PROMOTION,
    SupportActivity.Kind.MEDIA_TRAINING,
)


@transaction.atomic
def confirm_run(run: SelectionRun, user: Any, now: datetime.datetime | None = None) -> SelectionRun:
    """The second person of the two-person rule: someone of the secretariat, who did neither compute nor
    finalise the run, checks and confirms it before the chair may publish."""
    from hub.permissions import is_secretariat

    now = now or timezone.now()
    if not is_secretariat(user):
        raise HubError("La confirmation revient au secrétariat du PositiveHub.")
    if not run.is_final:
        raise HubError("Seul un calcul rendu définitif par la présidence peut être confirmé.")
    if user.pk in (run.computed_by_id, run.finalised_by_id):
        raise HubError(
            "Deux personnes différentes : la confirmation revient à une autre personne que celle qui "
            "a calculé ou rendu définitive la sélection."
        )
    if canonical_hash(build_inputs(run.call)) != run.inputs_hash:
        raise HubError("Les données ont changé depuis ce calcul : la présidence doit relancer la sélection.")
    SelectionRun.objects.filter(pk=run.pk, confirmed_at__isnull=True).update(
        confirmed_by=user, confirmed_at=now
    )
    run.refresh_from_db()
    audit.record(
        "selection.confirm",
        actor=user,
        call=run.call,
        target=run,
        payload={"inputs_hash": run.inputs_hash, "result_hash": run.result_hash},
        now=now,
    )
    return run


def publish_results(call: Call, user: Any, now: datetime.datetime | None = None) -> SelectionRun:
    _require_chair(user, call)
    now = now or timezone.now()
    run = call.selection_runs.filter(is_final=True).first()
    if run is None:
        raise HubError("Aucun calcul de sélection n'est définitif.")
    if run.confirmed_at is None:
        raise HubError(
            "Le secrétariat doit d'abord confirmer le calcul définitif (règle des deux personnes)."
        )
    paths = {p.code: p for p in call.paths.all()}
    justifications: dict[int, list[str]] = {}
    for o in call.overrides.all():
        justifications.setdefault(o.application_id, []).append(o.justification)
    applications = {a.pk: a for a in call.applications.select_related("organisation")}
    for row in run.result["ranking"]:
        app = applications[row["id"]]
        outcome = row["outcome"]
        path = paths.get(row["path"]) if outcome == "laureate" else None
        Outcome.objects.create(
            call=call,
            application=app,
            outcome=outcome,
            rank=row["rank"],
            rank_band=row["band"],
            total_score=Decimal(row["total"]),
            path=path,
            selection_run=run,
            decided_by=user,
            decided_at=now,
            override_justification="\n".join(justifications.get(app.pk, [])),
        )
        transition_application(app, TRANSITION_FOR[outcome], role="chair", actor=user, now=now)
        if outcome in BADGE_FOR:
            PublicListing.objects.create(
                application=app,
                slug=slugify(f"{call.year}-{app.pseudonym}-{app.title}")[:80],
                badge=BADGE_FOR[outcome],
                public_title=app.title,
                public_summary=app.summary_public,
                organisation_name=app.organisation.name,
                country=app.organisation.country,
                path=path,
                published_at=now,
                **listing_details(app),
            )
        if outcome in ("laureate", "selected"):
            kinds = STANDARD_SUPPORT + ((SupportActivity.Kind.PATH_SUPPORT,) if outcome == "laureate" else ())
            SupportActivity.objects.bulk_create([SupportActivity(application=app, kind=k) for k in kinds])
    for app in applications.values():
        if app.status in (ApplicationStatus.INELIGIBLE, ApplicationStatus.WITHDRAWN):
            Outcome.objects.create(
                call=call,
                application=app,
                outcome=app.status,
                selection_run=run,
                decided_by=user,
                decided_at=now,
            )
    call.results_published_at = now
    call.save(update_fields=["results_published_at"])
    transition_call(call, "publish", role="chair", actor=user, now=now)
    notify_results(call, now)
    return run


def listing_details(app: Application) -> dict[str, str]:
    """What the pépite's public page shows beyond title, summary, organisation and country: only with the
    organisation's consent recorded in the application (step 5)."""
    if not app.public_listing_consent:
        return {"territory": "", "audience": "", "transferability": "", "contact": ""}
    organisation = app.organisation
    return {
        "territory": organisation.city,
        "audience": app.population,
        "transferability": app.transferability,
        "contact": organisation.website,
    }


def notify_results(call: Call, now: datetime.datetime | None = None) -> None:
    for outcome in Outcome.objects.filter(call=call).select_related("application__created_by"):
        user = outcome.application.created_by
        if user is None:
            continue
        notifications.send(
            "results",
            user,
            {
                "application": outcome.application,
                "outcome": outcome,
                "call": call,
                "url": reverse("hub:application-result", args=[outcome.application.pk]),
            },
            dedupe=["results", outcome.pk],
            now=now,
        )


def public_results(call: Call) -> Any:
    return (
        PublicListing.objects.filter(application__call=call)
        .select_related("path", "application")
        .order_by("application__outcome__rank", "public_title")
    )
