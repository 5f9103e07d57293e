"""The chair: ranking at a glance, reviews with names, reopening, conflicts, selection, publication."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.exceptions import HubError
from hub.forms import (
    ConsensusExtensionForm,
    OverrideForm,
    QuorumAssignForm,
    ReasonForm,
    ResolveConflictForm,
    TieVoteForm,
)
from hub.models import (
    ApplicationStatus,
    Call,
    CallStatus,
    ConflictDeclaration,
    ConsensusReport,
    Expert,
    Outcome,
    Review,
    SelectionRun,
)
from hub.permissions import (
    awaiting_own_review_ids,
    conflicted_application_ids,
    get_chair_application,
    get_expert,
    is_chair,
    visible_reviews,
)
from hub.services import exports, quorum, selection, transitions
from hub.services.aggregation import call_stats, histogram, leniency
from hub.services.assignments import resolve_conflict
from hub.services.quality import flagged_counts, review_flags
from hub.services.reviews import reopen_review

from .base import csv_response, posted_id, require


def _is_chair(request, call_slug, **kwargs):
    call = Call.objects.filter(slug=call_slug).first()
    return bool(call and is_chair(request.user, call))


def _call(call_slug):
    return get_object_or_404(Call, slug=call_slug)


@require(_is_chair)
def ranking(request, call_slug):
    call = _call(call_slug)
    hidden = conflicted_application_ids(get_expert(request.user))
    applications = list(
        call.applications.exclude(pk__in=hidden)
        .exclude(
            status__in=(
                ApplicationStatus.DRAFT,
                ApplicationStatus.WITHDRAWN,
                ApplicationStatus.INELIGIBLE,
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.INFO_REQUESTED,
            )
        )
        .order_by("reference")
    )
    awaiting = awaiting_own_review_ids(request.user, call)
    short = [row for row in quorum.short_applications(call) if row[0].pk not in hidden]
    stats = call_stats(call, applications)
    for app_pk in awaiting | {a.pk for a, _, _ in short}:  # own review first; the call's minimum of reviews
        stats.pop(app_pk, None)
    diagnostic = leniency(call, stats)
    reports = {r.application_id: r for r in ConsensusReport.objects.filter(application__in=applications)}
    rows = sorted(
        stats.values(),
        key=lambda s: (
            -(float(s.official_total) if s.official_total is not None else (s.mean_total or -1)),
            s.application.pseudonym,
        ),
    )
    experts = {e.pk: e for e in Expert.objects.filter(memberships__call=call).select_related("user")}
    values = [
        float(s.official_total) if s.official_total is not None else s.mean_total for s in rows if s.n_reviews
    ]
    quality = flagged_counts(call, [s.application.pk for s in rows])
    return render(
        request,
        "hub/chair/ranking.html",
        {
            "call": call,
            "rows": [
                (
                    s,
                    reports.get(s.application.pk),
                    diagnostic.flagged.get(s.application.pk),
                    diagnostic.normalised.get(s.application.pk),
                    quality.get(s.application.pk),
                )
                for s in rows
            ],
            "criteria": list(call.criteria.order_by("order")),
            "diagnostic": diagnostic,
            "expert_rows": [(experts.get(e[0]), *e[1:]) for e in diagnostic.experts],
            "bands": histogram(values),
            "n_hidden": len(hidden),
            "n_scored": len(values),
            "awaiting": [a for a in applications if a.pk in awaiting],
            "short": _short_rows(call, short),
            "min_reviews": call.min_reviews_per_application,
            "can_assign": call.status in (CallStatus.REVIEW, CallStatus.CONSENSUS),
            "consensus_deadline": call.effective_consensus_deadline,
        },
    )


def _short_rows(call, short):
    """(application, counted, reviewing, form) for each application short of reviews; the experts offered are
    active members not yet assigned to it and without a declared or detected conflict (3 queries in all)."""
    from hub.models import Assignment
    from hub.permissions import blocking_conflicts

    if not short:
        return []
    ids = [a.pk for a, _, _ in short]
    taken = set(Assignment.objects.filter(application_id__in=ids).values_list("application_id", "expert_id"))
    conflicted = set(
        blocking_conflicts().filter(application_id__in=ids).values_list("application_id", "expert_id")
    )
    members = list(
        Expert.objects.filter(memberships__call=call, memberships__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    rows = []
    for application, counted, reviewing in short:
        offered = [e for e in members if (application.pk, e.pk) not in taken | conflicted]
        rows.append(
            (application, counted, reviewing, QuorumAssignForm(experts=offered, prefix=f"q{application.pk}"))
        )
    return rows


@require(_is_chair)
@require_POST
def assign_more(request, call_slug, pk):
    """The chair adds an expert to an application short of reviews (a late assignment has its own due date)."""
    call = _call(call_slug)
    application = get_chair_application(request.user, call, pk)
    rows = _short_rows(call, [(application, 0, 0)])
    form = QuorumAssignForm(
        request.POST, experts=list(rows[0][3].experts.values()), prefix=f"q{application.pk}"
    )
    if form.is_valid():
        try:
            assignment = quorum.assign_for_quorum(application, form.cleaned_data["expert"], request.user)
            expert = form.cleaned_data["expert"]
            messages.success(
                request,
                f"{expert} est invité sur {application.pseudonym} ; évaluation attendue "
                f"avant le {timezone.localtime(assignment.due_at):%d/%m/%Y à %H:%M}.",
            )
        except HubError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Choisissez un expert de la liste.")
    return redirect("hub:chair-ranking", call_slug=call.slug)


@require(_is_chair)
def extend_consensus(request, call_slug):
    call = _call(call_slug)
    form = ConsensusExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            quorum.extend_consensus(call, request.user, data["until"], data["reason"])
            messages.success(request, "La fin du consensus est prolongée ; le motif est inscrit au journal.")
            return redirect("hub:chair-ranking", call_slug=call.slug)
        except HubError as error:
            messages.error(request, str(error))
    return render(
        request,
        "hub/chair/extend_consensus.html",
        {"call": call, "form": form, "deadline": call.effective_consensus_deadline},
    )


@require(_is_chair)
def application_view(request, call_slug, pk):
    call = _call(call_slug)
    application = get_chair_application(request.user, call, pk)
    visible = visible_reviews(request.user, application)
    flags = review_flags(call, [application.pk]) if visible else {}
    reviews = [
        (
            label,
            r,
            list(r.scores.select_related("criterion").order_by("criterion__order")),
            flags.get(r.pk, []),
        )
        for label, r in visible
    ]
    from hub.services.aggregation import application_stats

    blind = application.pk in awaiting_own_review_ids(request.user, call)
    return render(
        request,
        "hub/chair/application.html",
        {
            "call": call,
            "application": application,
            "reviews": reviews,
            "stats": None if blind else application_stats(application),
            "blind": blind,
            "reopen_form": ReasonForm(),
        },
    )


@require(_is_chair)
def reopen(request, call_slug, review_pk):
    call = _call(call_slug)
    review = get_object_or_404(
        Review.objects.select_related("assignment__application"),
        pk=review_pk,
        assignment__application__call=call,
    )
    application = get_chair_application(request.user, call, review.assignment.application_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reopen_review(review, request.user, form.cleaned_data["reason"])
            messages.success(request, "L'évaluation est rouverte ; l'expert peut la modifier.")
            return redirect("hub:chair-application", call_slug=call.slug, pk=application.pk)
        except HubError as error:
            messages.error(request, str(error))
    return render(
        request,
        "hub/chair/reopen.html",
        {"call": call, "application": application, "review": review, "form": form},
    )


@require(_is_chair)
def conflicts(request, call_slug):
    call = _call(call_slug)
    me = get_expert(request.user)
    if request.method == "POST":
        declaration = get_object_or_404(
            ConflictDeclaration, pk=posted_id(request, "declaration"), application__call=call
        )
        form = ResolveConflictForm(request.POST)
        if form.is_valid():
            try:
                resolve_conflict(declaration, request.user, **form.cleaned_data)
                messages.success(request, "Décision enregistrée.")
                return redirect("hub:chair-conflicts", call_slug=call.slug)
            except HubError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, "Choisissez une décision et écrivez son motif.")
    hidden = conflicted_application_ids(me)
    declarations = (
        ConflictDeclaration.objects.filter(application__call=call)
        .exclude(level="none")
        .exclude(application_id__in=hidden)
        .select_related("expert__user", "application")
        .order_by("resolution", "application__pseudonym")
    )
    return render(
        request,
        "hub/chair/conflicts.html",
        {"call": call, "declarations": declarations, "me": me, "form": ResolveConflictForm()},
    )


@require(_is_chair)
def selection_view(request, call_slug):
    call = _call(call_slug)
    hidden = conflicted_application_ids(get_expert(request.user))
    candidates = call.applications.filter(status=ApplicationStatus.CONSENSUS_DONE).exclude(pk__in=hidden)
    voters = Expert.objects.filter(memberships__call=call, memberships__is_active=True).select_related("user")
    override_form = OverrideForm(call=call, applications=candidates)
    vote_form = TieVoteForm(applications=candidates, experts=voters)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "deliberation":
                transitions.start_deliberation(call, request.user)
                messages.success(request, "La délibération est ouverte.")
            elif action == "run":
                selection.run_selection(call, request.user)
                messages.success(request, "Sélection calculée.")
            elif action == "finalise":
                run = get_object_or_404(SelectionRun, pk=posted_id(request, "run"), call=call)
                selection.finalise_run(run, request.user)
                messages.success(request, "Ce calcul est désormais définitif.")
            elif action == "publish":
                selection.publish_results(call, request.user)
                messages.success(request, "Les résultats sont publiés.")
                return redirect("hub:call-results", call_slug=call.slug)
            elif action == "override":
                override_form = OverrideForm(request.POST, call=call, applications=candidates)
                if override_form.is_valid():
                    data = override_form.cleaned_data
                    selection.record_override(
                        call,
                        request.user,
                        data["application"],
                        kind=data["kind"],
                        path=data["path"],
                        justification=data["justification"],
                    )
                    messages.success(request, "Décision dérogatoire enregistrée.")
                else:
                    raise HubError("La décision dérogatoire est incomplète.")
            elif action == "vote":
                vote_form = TieVoteForm(request.POST, applications=candidates, experts=voters)
                if vote_form.is_valid():
                    data = vote_form.cleaned_data
                    selection.record_tie_vote(
                        call,
                        request.user,
                        data["application"],
                        position=data["position"],
                        minutes=data["minutes"],
                        voters=list(data["voters"]),
                    )
                    messages.success(request, "Vote enregistré.")
                else:
                    raise HubError("Le vote est incomplet.")
            else:
                raise HubError("Action inconnue.")
            if override_form.is_bound is False and vote_form.is_bound is False:
                return redirect("hub:chair-selection", call_slug=call.slug)
            if not override_form.errors and not vote_form.errors:
                return redirect("hub:chair-selection", call_slug=call.slug)
        except HubError as error:
            messages.error(request, str(error))
    runs = call.selection_runs.select_related("computed_by")[:10]
    latest = runs[0] if runs else None
    result = _readable(_result_without(latest.result, call, hidden), call) if latest else None
    return render(
        request,
        "hub/chair/selection.html",
        {
            "call": call,
            "runs": runs,
            "latest": latest,
            "result": result,
            "n_hidden": len(hidden),
            "override_form": override_form,
            "vote_form": vote_form,
            "overrides": call.overrides.exclude(application_id__in=hidden).select_related(
                "application", "path"
            ),
            "votes": call.tie_break_votes.exclude(application_id__in=hidden).select_related("application"),
            "paths": {p.code: p for p in call.paths.all()},
            "is_deliberation": call.status == CallStatus.DELIBERATION,
            "is_consensus": call.status == CallStatus.CONSENSUS,
        },
    )


def _result_without(result, call, hidden):
    """The run's result as this chair may see it: a conflicted (vice-)chair has left the room for those
    applications, so their rows, ties and path decisions are not shown to her."""
    if not hidden:
        return result
    pseudonyms = set(call.applications.filter(pk__in=hidden).values_list("pseudonym", flat=True))
    return {
        **result,
        "ranking": [r for r in result.get("ranking", []) if r["id"] not in hidden],
        "unresolved_ties": [
            [p for p in group if p not in pseudonyms] for group in result.get("unresolved_ties", [])
        ],
        "path_decisions_needed": [p for p in result.get("path_decisions_needed", []) if p not in pseudonyms],
    }


def _readable(result, call):
    """French labels for the codes stored in the run (« Lauréate », « Changement d'échelle »), never codes."""
    outcomes = dict(Outcome.Kind.choices)
    paths = dict(call.paths.values_list("code", "title"))
    return {
        **result,
        "ranking": [
            {
                **row,
                "outcome_label": outcomes.get(row.get("outcome"), row.get("outcome") or ""),
                "path_label": paths.get(row.get("path"), row.get("path") or ""),
            }
            for row in result.get("ranking", [])
        ],
    }


@require(_is_chair)
def export_matrix(request, call_slug):
    call = _call(call_slug)
    return csv_response(exports.score_matrix_csv(call, request.user), f"positivehub-{call.year}-matrice.csv")
