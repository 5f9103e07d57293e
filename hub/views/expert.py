"""Committee members: charter, conflict declaration on a title-only teaser, pseudonymised dossier, review,
others' reviews and aggregates only after their own review is in, consensus."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from hub.exceptions import HubError, IncompleteSubmission
from hub.forms import ConflictForm, ConsensusForm, ReviewForm
from hub.models import Assignment, Call, CallStatus, ConflictDeclaration, ConsensusReport, Review
from hub.permissions import (
    chair_calls,
    get_expert,
    get_expert_application,
    get_teaser_assignment,
    is_chair,
    is_expert,
    may_join_consensus,
    may_see_aggregates,
    own_review,
    visible_reviews,
)
from hub.services import assignments as assignment_service
from hub.services import consensus as consensus_service
from hub.services import reviews as review_service
from hub.services.aggregation import application_stats
from hub.services.applications import format_deadline
from hub.services.calibration import CALIBRATION_OPEN

from .base import require


def _is_expert(request, **kwargs):
    return is_expert(request.user)


@require(_is_expert)
def dashboard(request):
    expert = get_expert(request.user)
    assignments = (
        Assignment.objects.filter(expert=expert)
        .select_related("application__call", "review")
        .order_by("-application__call__year", "application__pseudonym")
    )
    return render(
        request,
        "hub/expert/dashboard.html",
        {
            "expert": expert,
            "assignments": assignments,
            "chaired_calls": chair_calls(request.user),
            "calibration_calls": Call.objects.filter(
                memberships__expert=expert,
                memberships__is_active=True,
                status__in=CALIBRATION_OPEN,
                calibration_examples__isnull=False,
            )
            .distinct()
            .order_by("-year"),
        },
    )


@require(_is_expert)
def charter(request):
    expert = get_expert(request.user)
    if request.method == "POST" and "nom_public" in request.POST:
        choice = request.POST.get("nom_public")
        if choice not in ("oui", "non"):
            messages.error(request, "Choisissez « oui » ou « non ».")
        else:
            assignment_service.set_public_consent(expert, choice == "oui")
            messages.success(
                request,
                "Votre nom et votre affiliation figurent sur la page publique du comité."
                if choice == "oui"
                else "Votre nom ne figure pas sur la page publique du comité.",
            )
            return redirect("hub:expert-charter")
    elif request.method == "POST":
        if request.POST.get("accept") == "oui":
            assignment_service.sign_charter(expert)
            messages.success(request, "Merci : la charte est signée.")
            return redirect("hub:expert-dashboard")
        messages.error(request, "Cochez la case pour signer la charte.")
    return render(request, "hub/expert/charter.html", {"expert": expert})


@require(_is_expert)
def conflict(request, pk):
    """Title-only teaser: the expert declares conflicts before any content is shown."""
    assignment = get_teaser_assignment(request.user, pk)
    application = assignment.application
    declaration = ConflictDeclaration.objects.filter(
        expert=assignment.expert, application=application
    ).first()
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_service.declare_conflict(assignment, **form.cleaned_data)
        except HubError as error:
            messages.error(request, str(error))
        else:
            if form.cleaned_data["level"] == ConflictDeclaration.Level.NONE:
                messages.success(request, "Merci. Le dossier vous est maintenant accessible.")
                return redirect("hub:expert-application", pk=application.pk)
            messages.success(request, "Votre déclaration est enregistrée.")
            return redirect("hub:expert-dashboard")
    return render(
        request,
        "hub/expert/conflict.html",
        {
            "assignment": assignment,
            "application": application,
            "declaration": declaration,
            "form": form,
            "charter_signed": assignment.expert.charter_signed_at is not None,
        },
    )


@require(_is_expert)
def application_view(request, pk):
    application = get_expert_application(request.user, pk)
    review = own_review(request.user, application)
    return render(
        request,
        "hub/expert/application.html",
        {
            "application": application,
            "call": application.call,
            "review": review,
            "staffing": application.staffing_lines.all(),
            "deadline": format_deadline(application.call.review_deadline, request.user),
        },
    )


@require(_is_expert)
def review_view(request, pk):
    application = get_expert_application(request.user, pk)
    assignment = Assignment.objects.select_related("expert", "application__call").get(
        application=application, expert=get_expert(request.user)
    )
    call = application.call
    criteria = list(call.criteria.order_by("order"))
    review = Review.objects.filter(assignment=assignment).first()
    initial = {}
    if review:
        initial.update(
            comment_for_applicant=review.comment_for_applicant,
            comment_for_committee=review.comment_for_committee,
            recommendation=review.recommendation,
            confidence=review.confidence,
        )
        for row in review.scores.select_related("criterion"):
            initial[f"score_{row.criterion.code}"] = (
                "" if row.score_half is None else f"{row.score_half / 2:g}"
            )
            initial[f"justification_{row.criterion.code}"] = row.justification
    from hub.services.quorum import review_is_open

    is_open = review_is_open(assignment)
    deadline_at = max(call.review_deadline, assignment.due_at or call.review_deadline)
    locked = bool(review and review.status != Review.Status.DRAFT) or not is_open
    form = ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    missing = []
    if request.method == "POST" and not locked and form.is_valid():
        data = form.cleaned_data
        try:
            review = review_service.save_review(
                assignment,
                request.user,
                scores=form.scores(),
                justifications=form.justifications(),
                comment_for_applicant=data["comment_for_applicant"],
                comment_for_committee=data["comment_for_committee"],
                recommendation=data["recommendation"],
                confidence=data["confidence"],
            )
            if "deposer" in request.POST:
                review_service.submit_review(assignment, request.user)
                messages.success(
                    request, "Votre évaluation est déposée. Les avis des autres experts sont visibles."
                )
                return redirect("hub:expert-reviews", pk=application.pk)
            messages.success(request, "Brouillon enregistré.")
            return redirect("hub:expert-review", pk=application.pk)
        except IncompleteSubmission as error:
            missing = error.missing
            messages.error(
                request, "L'évaluation est enregistrée en brouillon mais ne peut pas être déposée."
            )
        except HubError as error:
            messages.error(request, str(error))
    elif request.method == "POST" and locked:
        messages.error(
            request,
            "Cette évaluation ne peut plus être modifiée : "
            f"la date limite était le {format_deadline(deadline_at, request.user)}."
            if not is_open
            else "Cette évaluation est déposée.",
        )
    return render(
        request,
        "hub/expert/review.html",
        {
            "application": application,
            "call": call,
            "form": form,
            "review": review,
            "locked": locked,
            "missing": missing,
            "deadline": format_deadline(deadline_at, request.user),
        },
    )


@require(_is_expert)
def reviews_view(request, pk):
    """Other experts' reviews (Expert A/B/C) and aggregates: only once the reader's own review is submitted."""
    application = get_expert_application(request.user, pk)
    reviews = visible_reviews(request.user, application)
    stats = application_stats(application) if may_see_aggregates(request.user, application) else None
    return render(
        request,
        "hub/expert/reviews.html",
        {
            "application": application,
            "reviews": [
                (label, r, list(r.scores.select_related("criterion").order_by("criterion__order")))
                for label, r in reviews
            ],
            "stats": stats,
            "own_review": own_review(request.user, application),
        },
    )


def _consensus_gate(request, pk):
    from hub.permissions import get_chair_application

    application = None
    try:
        application = get_expert_application(request.user, pk)
    except Http404:
        from hub.models import Application

        candidate = Application.objects.filter(pk=pk).select_related("call").first()
        if candidate is None or not is_chair(request.user, candidate.call):
            raise
        application = get_chair_application(request.user, candidate.call, pk)
    return application


@require(_is_expert)
def consensus_view(request, pk):
    application = _consensus_gate(request, pk)
    if not may_join_consensus(request.user, application):
        return render(request, "hub/expert/consensus_locked.html", {"application": application})
    report = ConsensusReport.objects.filter(application=application).first()
    if report is None:
        if application.call.status != CallStatus.CONSENSUS:
            return render(
                request, "hub/expert/consensus_locked.html", {"application": application, "not_yet": True}
            )
        report = consensus_service.ensure_report(application)
    stats = application_stats(application)
    medians = {c.code: c.median_half for c in stats.criteria}
    criteria = list(application.call.criteria.order_by("order"))
    initial = {
        "strengths": report.strengths,
        "weaknesses": report.weaknesses,
        "summary_for_applicant": report.summary_for_applicant,
        "minority_view": report.minority_view,
    }
    for s in report.scores.select_related("criterion"):
        initial[f"score_{s.criterion.code}"] = f"{s.score_half / 2:g}"
        initial[f"rationale_{s.criterion.code}"] = s.rationale
    form = ConsensusForm(request.POST or None, initial=initial, criteria=criteria, medians=medians)
    chair = is_chair(request.user, application.call)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consensus_service.save_consensus(
                report,
                request.user,
                scores={
                    c.code: data[f"score_{c.code}"] for c in criteria if data[f"score_{c.code}"] is not None
                },
                rationales={c.code: data[f"rationale_{c.code}"] for c in criteria},
                strengths=data["strengths"],
                weaknesses=data["weaknesses"],
                summary_for_applicant=data["summary_for_applicant"],
                minority_view=data["minority_view"],
            )
            if "valider" in request.POST and chair:
                consensus_service.agree_consensus(report, request.user)
                messages.success(request, "Consensus validé.")
            else:
                messages.success(request, "Consensus enregistré.")
            return redirect("hub:consensus", pk=application.pk)
        except HubError as error:
            messages.error(request, str(error))
    from hub.services import quorum

    rule_problems = []
    for check in (
        lambda: quorum.require_consensus_open(application.call, request.user),
        lambda: quorum.require_enough_reviews(application),
    ):
        try:
            check()
        except HubError as error:
            rule_problems.append(str(error))
    return render(
        request,
        "hub/expert/consensus.html",
        {
            "application": application,
            "report": report,
            "form": form,
            "stats": stats,
            "is_chair": chair,
            "rule_problems": rule_problems if report.status == ConsensusReport.Status.DRAFT else [],
            "participants": report.participants.select_related("user"),
        },
    )


def _calibration_call(request, call_slug):
    from django.shortcuts import get_object_or_404

    from hub.models import Call
    from hub.services.calibration import is_member

    call = get_object_or_404(Call, slug=call_slug)
    expert = get_expert(request.user)
    if not is_member(expert, call):
        raise Http404("Vous n'êtes pas membre du comité de cet appel.")
    return call, expert


@require(_is_expert)
def calibration(request, call_slug):
    """The shared examples of the call and how far along the member is."""
    from hub.services.calibration import accepts_calibration

    call, expert = _calibration_call(request, call_slug)
    examples = list(call.calibration_examples.order_by("order", "id"))
    done = set(expert.calibration_scores.filter(example__call=call).values_list("example_id", flat=True))
    return render(
        request,
        "hub/expert/calibration.html",
        {
            "call": call,
            "rows": [(example, example.pk in done) for example in examples],
            "open": accepts_calibration(call),
        },
    )


@require(_is_expert)
def calibration_example(request, call_slug, pk):
    from django.shortcuts import get_object_or_404

    from hub.forms import CalibrationForm
    from hub.services import calibration as calibration_service

    call, expert = _calibration_call(request, call_slug)
    example = get_object_or_404(call.calibration_examples, pk=pk)
    criteria = list(call.criteria.order_by("order", "code"))
    own = {
        s.criterion.code: f"{s.score_half / 2:g}"
        for s in example.scores.filter(expert=expert).select_related("criterion")
    }
    form = CalibrationForm(
        request.POST or None, criteria=criteria, initial={f"score_{k}": v for k, v in own.items()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            calibration_service.submit_calibration(example, expert, form.halves())
            messages.success(request, "Vos notes de calibration sont enregistrées : comparez-les au comité.")
            return redirect("hub:expert-calibration-example", call_slug=call.slug, pk=example.pk)
        except HubError as error:
            messages.error(request, str(error))
    return render(
        request,
        "hub/expert/calibration_example.html",
        {
            "call": call,
            "example": example,
            "form": form,
            "open": calibration_service.accepts_calibration(call),
            "results": calibration_service.example_results(example, expert),
        },
        status=400 if request.method == "POST" else 200,
    )
