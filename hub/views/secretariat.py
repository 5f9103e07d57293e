"""Secretariat: screening with written reasons, assignments (with a balanced suggestion), follow-up,
reminders, support activities and exports."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hub.exceptions import HubError
from hub.forms import AppealDecisionForm, EligibilityForm, ManualAssignForm
from hub.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    Expert,
    SupportActivity,
)
from hub.permissions import is_secretariat, visible_reviews
from hub.services import applications as application_service
from hub.services import assignments as assignment_service
from hub.services import exports, selection, transitions
from hub.services.practice_drafts import create_practice_draft, existing_draft

from .base import csv_response, posted_id, require


def _is_secretariat(request, **kwargs):
    return is_secretariat(request.user)


@require(_is_secretariat)
def dashboard(request):
    calls = list(Call.objects.select_related("theme").order_by("-year"))
    return render(
        request, "hub/secretariat/dashboard.html", {"calls": calls, "latest": calls[0] if calls else None}
    )


@require(_is_secretariat)
def call_view(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    applications = call.applications.select_related("organisation", "eligibility").order_by("reference")
    counts = {}
    for app_id, status in Assignment.objects.filter(application__call=call).values_list(
        "application_id", "status"
    ):
        counts.setdefault(app_id, {"active": 0, "total": 0})
        counts[app_id]["total"] += 1
        counts[app_id]["active"] += status in (Assignment.Status.ACTIVE, Assignment.Status.COMPLETED)
    rows = [(a, counts.get(a.pk, {"active": 0, "total": 0})) for a in applications]
    return render(
        request,
        "hub/secretariat/call.html",
        {
            "call": call,
            "rows": rows,
            "final_run": call.selection_runs.filter(is_final=True).first(),
            "open_review_problems": transitions.open_review_problems(call)
            if call.status == "eligibility"
            else [],
        },
    )


@require(_is_secretariat)
@require_POST
def call_transition(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    action = request.POST.get("action")
    actions = {
        "announce": transitions.announce_call,
        "start_eligibility": transitions.start_eligibility,
        "open_review": transitions.open_review,
    }
    try:
        if action == "confirm_run":
            run = call.selection_runs.filter(is_final=True).first()
            if run is None:
                raise HubError("Aucun calcul de sélection n'est définitif.")
            selection.confirm_run(run, request.user)
        elif action == "tick":
            transitions.tick(calls=[call])
        elif action in actions:
            actions[action](call, request.user)
        else:
            raise HubError("Action inconnue.")
        messages.success(request, "L'état de l'appel est à jour.")
    except HubError as error:
        messages.error(request, str(error))
    return redirect("hub:secretariat-call", call_slug=call.slug)


@require(_is_secretariat)
def application_view(request, pk):
    application = get_object_or_404(Application.objects.select_related("call", "organisation"), pk=pk)
    checks = application_service.automatic_checks(application)
    appeal_post = request.method == "POST" and request.POST.get("action") == "recours"
    appeal_form = AppealDecisionForm(request.POST if appeal_post else None)
    form = EligibilityForm(
        request.POST if request.method == "POST" and not appeal_post else None,
        initial={**checks, "theme_fit": True},
    )
    if appeal_post and appeal_form.is_valid():
        try:
            application_service.decide_appeal(application, request.user, **appeal_form.cleaned_data)
            messages.success(request, "Décision sur le recours enregistrée et envoyée au porteur.")
            return redirect("hub:secretariat-application", pk=application.pk)
        except HubError as error:
            messages.error(request, str(error))
    if not appeal_post and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application_service.decide_eligibility(
                application,
                request.user,
                decision=data["decision"],
                reason=data["reason"],
                legal_form_ok=data["legal_form_ok"],
                hr_sufficient=data["hr_sufficient"],
                theme_fit=data["theme_fit"],
                complete=data["complete"],
                info_deadline=data["info_deadline"],
            )
            messages.success(request, "Décision enregistrée et envoyée au porteur.")
            return redirect("hub:secretariat-call", call_slug=application.call.slug)
        except HubError as error:
            messages.error(request, str(error))
    return render(
        request,
        "hub/secretariat/application.html",
        {
            "application": application,
            "call": application.call,
            "form": form,
            "checks": checks,
            "missing": application_service.missing_items(application),
            "staffing": application.staffing_lines.all(),
            "attachments": application.attachments.all(),
            "assignments": application.assignments.select_related("expert__user"),
            "conflicts": application.conflicts.select_related("expert__user"),
            "eligibility": getattr(application, "eligibility", None),
            "appeal_form": appeal_form,
            "first_decider": getattr(getattr(application, "eligibility", None), "checked_by_id", None)
            == request.user.pk,
            "can_screen": application.status
            in (ApplicationStatus.SUBMITTED, ApplicationStatus.INFO_REQUESTED),
            "required_person_months": application_service.required_person_months(application),
            "practice_draft": existing_draft(application),
            "reviews": [
                (label, r, list(r.scores.select_related("criterion").order_by("criterion__order")))
                for label, r in visible_reviews(request.user, application)
            ],
        },
    )


@require(_is_secretariat)
def assignments_view(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    eligible = call.applications.filter(status__in=(ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_REVIEW))
    experts = Expert.objects.filter(memberships__call=call, memberships__is_active=True).select_related(
        "user"
    )
    form = ManualAssignForm(request.POST or None, applications=eligible, experts=experts)
    if request.method == "POST":
        if request.POST.get("action") == "suggestion":
            created = assignment_service.apply_suggestion(call, request.user)
            messages.success(request, f"{created} affectation(s) créée(s) et invitation(s) envoyée(s).")
            return redirect("hub:secretariat-assignments", call_slug=call.slug)
        if form.is_valid():
            assignment_service.assign(
                form.cleaned_data["application"], form.cleaned_data["expert"], request.user
            )
            messages.success(request, "Affectation créée.")
            return redirect("hub:secretariat-assignments", call_slug=call.slug)
    suggestion = assignment_service.suggest_assignments(call)
    assignments = (
        Assignment.objects.filter(application__call=call)
        .select_related("expert__user", "application")
        .order_by("application__reference", "id")
    )
    return render(
        request,
        "hub/secretariat/assignments.html",
        {
            "call": call,
            "form": form,
            "suggestion": suggestion.items(),
            "assignments": assignments,
        },
    )


@require(_is_secretariat)
def follow_up(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    if request.method == "POST":
        sent = assignment_service.send_reminders(call, manual=True)
        messages.success(request, f"{sent} relance(s) envoyée(s).")
        return redirect("hub:secretariat-follow-up", call_slug=call.slug)
    return render(
        request,
        "hub/secretariat/follow_up.html",
        {
            "call": call,
            "missing": assignment_service.missing_reviews(call),
        },
    )


@require(_is_secretariat)
def support_view(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    if request.method == "POST":
        activity = get_object_or_404(
            SupportActivity, pk=posted_id(request, "activity"), application__call=call
        )
        status = request.POST.get("status")
        if status in SupportActivity.Status.values:
            activity.status = status
            activity.save(update_fields=["status"])
            from hub.services import audit

            audit.record(
                "support.update", actor=request.user, call=call, target=activity, payload={"status": status}
            )
            messages.success(request, "Accompagnement mis à jour.")
        return redirect("hub:secretariat-support", call_slug=call.slug)
    activities = (
        SupportActivity.objects.filter(application__call=call)
        .select_related("application__organisation")
        .order_by("application__reference", "kind")
    )
    return render(
        request,
        "hub/secretariat/support.html",
        {"call": call, "activities": activities, "statuses": SupportActivity.Status.choices},
    )


@require(_is_secretariat)
@require_POST
def practice_draft(request, pk):
    application = get_object_or_404(Application, pk=pk)
    try:
        create_practice_draft(application, request.user)
        messages.success(request, "La fiche de bonne pratique a été créée en brouillon.")
    except HubError as error:
        messages.error(request, str(error))
    return redirect("hub:secretariat-application", pk=application.pk)


@require(_is_secretariat)
def export_applications(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    return csv_response(exports.applications_csv(call), f"positivehub-{call.year}-candidatures.csv")


@require(_is_secretariat)
def export_audit(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    return csv_response(exports.audit_csv(call), f"positivehub-{call.year}-journal.csv")
