"""The CRES reviews applications in the Wagtail admin: the list, one application with its evidence, the decision."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from implementation.forms import ReviewForm
from implementation.models import SupportTeamApplication
from implementation.review import accept, answer

PERMISSION = "implementation.change_supportteamapplication"


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def application_list(request: HttpRequest) -> HttpResponse:
    _check(request)
    applications = SupportTeamApplication.objects.select_related("practice", "departement").order_by(
        "-created_at"
    )
    return render(request, "implementation/admin/application_list.html", {"applications": applications})


@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    application = get_object_or_404(
        SupportTeamApplication.objects.select_related(
            "practice", "departement", "support_team", "reviewed_by"
        ),
        pk=pk,
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "accept":
                team = accept(application, request.user)
                messages.success(
                    request,
                    f"Candidature acceptée : l'équipe d'appui « {team.name} » et son compte sont créés.",
                )
            else:
                answer(
                    application,
                    request.user,
                    decline=decision == "decline",
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "La réponse est enregistrée et envoyée à l'équipe.")
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("implementation_admin:application", pk=application.pk)
    return render(
        request,
        "implementation/admin/application_review.html",
        {
            "application": application,
            "form": form,
            "criteria": application.criteria(),
        },
    )


def application_file(request: HttpRequest, pk: int, which: str) -> FileResponse:
    _check(request)
    application = get_object_or_404(SupportTeamApplication, pk=pk)
    field = {"fidelite": application.fidelity_file, "formation": application.training_file}.get(which)
    if not field:
        raise Http404("Pas de pièce jointe.")
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"candidature-{pk}-{which}.pdf",
        content_type="application/pdf",
    )
