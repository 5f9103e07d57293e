"""Public face of the hub: the call page, the results page and the public CSV; applicant sign-up."""

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from hub.forms import SignupForm
from hub.models import CallStatus, HubProfile, Organisation, OrganisationMember, Outcome
from hub.services import audit, exports
from hub.services.selection import public_results

from .base import csv_response, in_user_time_zone, public_call

PUBLISHED = (CallStatus.RESULTS_PUBLISHED, CallStatus.ARCHIVED)


@in_user_time_zone
def index(request):
    from hub.models import Call

    calls = Call.objects.exclude(status=CallStatus.DRAFT).select_related("theme").order_by("-year")
    return render(request, "hub/public/index.html", {"calls": calls})


@in_user_time_zone
def call_detail(request, call_slug):
    call = public_call(call_slug)
    criteria = list(call.criteria.order_by("order"))
    return render(request, "hub/public/call_detail.html", {
        "call": call, "criteria": criteria, "paths": call.paths.all(),
        "tie_chain": sorted((c for c in criteria if c.tie_break_rank), key=lambda c: c.tie_break_rank),
        "accepts_applications": call.accepts_applications(),
    })


@in_user_time_zone
def call_results(request, call_slug):
    call = public_call(call_slug)
    if call.status not in PUBLISHED:
        raise Http404("Les résultats ne sont pas encore publiés.")
    listings = list(public_results(call))
    run = call.selection_runs.filter(is_final=True).first()
    return render(request, "hub/public/call_results.html", {
        "call": call, "run": run,
        "laureates": [pl for pl in listings if pl.badge == "laureate"],
        "pepites": [pl for pl in listings if pl.badge == "pepite"],
        "listed": [pl for pl in listings if pl.badge == "listed"],
        "n_selected": Outcome.objects.filter(call=call, outcome__in=("laureate", "selected")).count(),
    })


def call_results_csv(request, call_slug):
    call = public_call(call_slug)
    if call.status not in PUBLISHED:
        raise Http404("Les résultats ne sont pas encore publiés.")
    return csv_response(exports.public_results_csv(call), f"positivehub-{call.year}-resultats.csv")


@in_user_time_zone
def privacy(request):
    """What the hub collects, why, for how long, and how to exercise each right (linked from every mail)."""
    return render(request, "hub/public/privacy.html", {
        "retention_years": settings.HUB_RETENTION_YEARS, "reply_to": settings.HUB_REPLY_TO,
    })


def signup(request):
    if request.user.is_authenticated:
        return redirect("hub:applicant-dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=data["email"], email=data["email"], password=data["password1"],
                first_name=data["first_name"], last_name=data["last_name"],
            )
            HubProfile.objects.create(user=user, time_zone=data["time_zone"])
            organisation = Organisation.objects.create(name=data["organisation_name"], legal_form=data["legal_form"],
                                                       country=data["country"])
            OrganisationMember.objects.create(organisation=organisation, user=user,
                                              role=OrganisationMember.Role.OWNER)
            audit.record("applicant.signup", actor=user, target=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(reverse("hub:applicant-dashboard"))
    return render(request, "hub/public/signup.html", {"form": form})
