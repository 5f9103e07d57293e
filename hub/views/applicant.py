"""Applicants: their own applications only (anyone else's is a 404)."""

import uuid

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.exceptions import READ_ONLY_MESSAGE, DeadlinePassed, HubError, IncompleteSubmission
from hub.forms import (
    AppealForm,
    AttachmentForm,
    ConsentForm,
    ImpactForm,
    OrganisationForm,
    PracticeForm,
    StaffingFormSet,
)
from hub.models import ApplicationStatus, Attachment, CallStatus, Outcome
from hub.permissions import (
    applications_for_applicant,
    get_attachment,
    get_own_application,
    is_applicant,
    may_edit_application,
)
from hub.services import applications as service

from .base import public_call, require

STEP_TEMPLATE = "hub/applicant/step.html"
RESULT_STATUSES = (CallStatus.RESULTS_PUBLISHED, CallStatus.ARCHIVED)


def _is_applicant(request, **kwargs):
    return is_applicant(request.user)


def _signed_in(request, **kwargs):
    return True


def _form_token(request):
    """The one-time token of the posted form, or None (see services.applications.use_form_token)."""
    try:
        return uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        return None


def _read_only(request, application):
    messages.info(request, READ_ONLY_MESSAGE)
    return redirect("hub:application-detail", pk=application.pk)


@require(_signed_in)
def dashboard(request):
    from hub.models import Call

    applications = (
        applications_for_applicant(request.user).select_related("call").order_by("-call__year", "reference")
    )
    open_calls = [
        c
        for c in Call.objects.filter(status__in=(CallStatus.ANNOUNCED, CallStatus.OPEN))
        if c.accepts_applications()
    ]
    return render(
        request,
        "hub/applicant/dashboard.html",
        {
            "applications": applications,
            "open_calls": open_calls,
            "is_applicant": is_applicant(request.user),
        },
    )


@require(_is_applicant)
def start(request, call_slug):
    call = public_call(call_slug)
    membership = (
        request.user.hub_memberships.select_related("organisation")
        .filter(role__in=("owner", "editor"))
        .first()
    )
    if membership is None:
        messages.info(request, READ_ONLY_MESSAGE)
        return redirect("hub:applicant-dashboard")
    if request.method == "POST":
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = uuid.uuid4()
        try:
            application = service.start_application(call, membership.organisation, request.user, token)
        except HubError as error:
            messages.error(request, str(error))
            return redirect("hub:applicant-dashboard")
        return redirect("hub:application-step", pk=application.pk, step=1)
    return render(
        request,
        "hub/applicant/start.html",
        {"call": call, "token": uuid.uuid4(), "organisation": membership.organisation},
    )


def _step_context(application, step, **extra):
    return {
        "application": application,
        "call": application.call,
        "step": step,
        "steps": service.STEPS,
        "step_title": dict(service.STEPS)[step],
        "n_steps": len(service.STEPS),
        **extra,
    }


def _next(request, application, step):
    if "continuer" in request.POST and step < len(service.STEPS):
        return redirect("hub:application-step", pk=application.pk, step=step + 1)
    messages.success(request, "Brouillon enregistré.")
    return redirect("hub:application-step", pk=application.pk, step=step)


@require(_signed_in)
def step_view(request, pk, step):
    application = get_own_application(request.user, pk)
    if step not in dict(service.STEPS):
        raise Http404("Étape inconnue.")
    if not application.is_editable:
        return redirect("hub:application-detail", pk=application.pk)
    if not may_edit_application(request.user, application):
        return _read_only(request, application)
    post = request.POST if request.method == "POST" else None
    if (
        post is not None
        and not application.call.accepts_applications()
        and application.status != ApplicationStatus.INFO_REQUESTED
    ):
        messages.error(request, service.late_message(application.call, request.user))
        post = None  # redisplay what was typed below, without saving
        typed = request.POST
    else:
        typed = None
    context = {}
    if step == 1:
        form = OrganisationForm(post or typed, instance=application.organisation)
        if post is not None and form.is_valid():
            form.save()
            return _next(request, application, step)
        context["form"] = form
    elif step in (2, 3):
        form_class = PracticeForm if step == 2 else ImpactForm
        form = form_class(post or typed, instance=application)
        if post is not None and form.is_valid():
            form.save()
            return _next(request, application, step)
        context["form"] = form
    elif step == 4:
        formset = StaffingFormSet(post or typed, instance=application, prefix="rh")
        if post is not None and formset.is_valid():
            try:
                saved = service.save_staffing(application, request.user, formset, _form_token(request))
            except HubError as error:
                messages.error(request, str(error))
            else:
                if not saved:
                    messages.info(request, "Ce formulaire avait déjà été enregistré : voici le plan.")
                    return redirect("hub:application-step", pk=application.pk, step=step)
                return _next(request, application, step)
        context["formset"] = formset
        context["required_person_months"] = service.required_person_months(application)
        # A form shown again with its errors keeps its (still unused) token.
        context["form_token"] = (_form_token(request) if request.method == "POST" else None) or uuid.uuid4()
    else:
        return _final_step(request, application, post, typed)
    return render(request, STEP_TEMPLATE, _step_context(application, step, **context))


def _final_step(request, application, post, typed, missing=None, status=200):
    consent_initial = {None: None, True: "oui", False: "non"}[application.public_listing_consent]
    consent_form = ConsentForm(post or typed, initial={"public_listing_consent": consent_initial})
    attachment_form = AttachmentForm()
    if post is not None and "consentement" in post and consent_form.is_valid():
        value = (
            consent_form.cleaned_data["public_listing_consent"]
            if post.get("public_listing_consent")
            else None
        )
        application.public_listing_consent = value
        application.consent_at = None if value is None else timezone.now()
        application.save(update_fields=["public_listing_consent", "consent_at", "updated_at"])
        messages.success(request, "Votre réponse sur le référencement est enregistrée.")
        return redirect("hub:application-step", pk=application.pk, step=5)
    if post is not None and "piece" in post:
        attachment_form = AttachmentForm(post, request.FILES)
        if attachment_form.is_valid():
            try:
                added = service.add_attachment(
                    application,
                    request.user,
                    label=attachment_form.cleaned_data["label"],
                    upload=attachment_form.cleaned_data["file"],
                    token=_form_token(request),
                )
            except HubError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    "Pièce jointe ajoutée."
                    if added
                    else "Cette pièce avait déjà été ajoutée : elle n'est enregistrée qu'une fois.",
                )
                return redirect("hub:application-step", pk=application.pk, step=5)
    return render(
        request,
        STEP_TEMPLATE,
        _step_context(
            application,
            5,
            consent_form=consent_form,
            attachment_form=attachment_form,
            attachments=application.attachments.all(),
            missing=missing if missing is not None else service.missing_items(application),
            show_missing=missing is not None,
            leaks=service.identity_leaks(application),
            deadline=service.format_deadline(application.call.closes_at, request.user),
            form_token=uuid.uuid4(),
        ),
        status=status,
    )


@require(_signed_in)
@require_POST
def submit(request, pk):
    application = get_own_application(request.user, pk)
    try:
        service.submit_application(application, request.user)
    except IncompleteSubmission as error:
        messages.error(
            request, "Votre candidature ne peut pas encore être déposée : complétez les éléments listés."
        )
        return _final_step(request, application, None, None, missing=error.missing)
    except (DeadlinePassed, HubError) as error:
        messages.error(request, str(error))
        return redirect("hub:application-detail", pk=application.pk)
    messages.success(request, "Votre candidature est déposée. Un accusé de réception vous a été envoyé.")
    return redirect("hub:application-detail", pk=application.pk)


@require(_signed_in)
def detail(request, pk):
    application = get_own_application(request.user, pk)
    return render(
        request,
        "hub/applicant/detail.html",
        {
            "application": application,
            "call": application.call,
            "staffing": application.staffing_lines.all(),
            "attachments": application.attachments.all(),
            "eligibility": getattr(application, "eligibility", None),
            "deadline": service.format_deadline(application.call.closes_at, request.user),
            "may_appeal": service.may_appeal(application) and may_edit_application(request.user, application),
        },
    )


@require(_signed_in)
def appeal(request, pk):
    """The applicant contests an ineligibility decision, once, with a written reason."""
    application = get_own_application(request.user, pk)
    if not may_edit_application(request.user, application):
        return _read_only(request, application)
    if not service.may_appeal(application):
        messages.info(request, "Aucun recours n'est possible pour cette candidature.")
        return redirect("hub:application-detail", pk=application.pk)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.file_appeal(application, request.user, form.cleaned_data["reason"])
            messages.success(request, "Votre recours est déposé. Un accusé de réception vous a été envoyé.")
            return redirect("hub:application-detail", pk=application.pk)
        except HubError as error:
            messages.error(request, str(error))
    return render(
        request,
        "hub/applicant/appeal.html",
        {"application": application, "form": form, "eligibility": application.eligibility},
    )


@require(_signed_in)
def withdraw(request, pk):
    application = get_own_application(request.user, pk)
    if not may_edit_application(request.user, application):
        return _read_only(request, application)
    if request.method == "POST":
        try:
            service.withdraw_application(application, request.user)
            messages.success(request, "Votre candidature est retirée.")
        except HubError as error:
            messages.error(request, str(error))
        return redirect("hub:application-detail", pk=application.pk)
    return render(request, "hub/applicant/withdraw.html", {"application": application})


@require(_signed_in)
def attachment_download(request, pk, attachment_pk):
    """The only way to an applicant's file: the access gate first, then the private storage; never cached."""
    attachment = get_attachment(request.user, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("Le fichier de cette pièce jointe est introuvable.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name or "piece.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require(_signed_in)
@require_POST
def attachment_delete(request, pk, attachment_pk):
    application = get_own_application(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    if not may_edit_application(request.user, application):
        return _read_only(request, application)
    if application.is_editable:
        try:
            service.delete_attachment(attachment, request.user)
        except HubError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Pièce jointe supprimée.")
    return redirect("hub:application-step", pk=application.pk, step=5)


def _result_context(request, pk):
    application = get_own_application(request.user, pk)
    published = application.call.status in RESULT_STATUSES
    outcome = (
        Outcome.objects.filter(application=application).select_related("path").first() if published else None
    )
    report = getattr(application, "consensus", None) if published else None
    scores = list(report.scores.select_related("criterion").order_by("criterion__order")) if report else []
    return {
        "application": application,
        "call": application.call,
        "published": published,
        "outcome": outcome,
        "report": report,
        "scores": scores,
        "eligibility": getattr(application, "eligibility", None),
    }


@require(_signed_in)
def result(request, pk):
    return render(request, "hub/applicant/result.html", _result_context(request, pk))


@require(_signed_in)
def report_download(request, pk):
    context = _result_context(request, pk)
    if not context["published"]:
        raise Http404("Le rapport n'est pas encore disponible.")
    text = render(request, "hub/applicant/report.txt", context).content
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rapport-{context["application"].reference}.txt"'
    return response


@require(_signed_in)
def report_pdf(request, pk):
    """The same report as a PDF (WeasyPrint), with the grid, the consensus scores, their rationale and the rank
    band."""
    from weasyprint import HTML

    context = _result_context(request, pk)
    if not context["published"]:
        raise Http404("Le rapport n'est pas encore disponible.")
    html = render_to_string("hub/applicant/report_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rapport-{context["application"].reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
