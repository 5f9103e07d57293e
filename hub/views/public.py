"""Public face of the hub: the call page, the results page and the public CSV; applicant sign-up."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

import pagecache
from hub.forms import SignupForm
from hub.models import CallStatus, HubProfile, Organisation, OrganisationMember, Outcome
from hub.services import audit, exports, notifications
from hub.services.selection import public_results

from .base import csv_response, in_user_time_zone, public_call

PUBLISHED = (CallStatus.RESULTS_PUBLISHED, CallStatus.ARCHIVED)


@pagecache.cacheable
@in_user_time_zone
def index(request):
    from hub.models import Call

    calls = Call.objects.exclude(status=CallStatus.DRAFT).select_related("theme").order_by("-year")
    calls = list(calls)
    return render(
        request,
        "hub/public/index.html",
        {
            "calls": calls,
            "open_calls": [c for c in calls if c.accepts_applications()],
            "last_update": max(
                (c.results_published_at for c in calls if c.results_published_at), default=None
            ),
        },
    )


@in_user_time_zone
def call_detail(request, call_slug):
    call = public_call(call_slug)
    criteria = list(call.criteria.order_by("order"))
    return render(
        request,
        "hub/public/call_detail.html",
        {
            "call": call,
            "criteria": criteria,
            "paths": call.paths.all(),
            "tie_chain": sorted((c for c in criteria if c.tie_break_rank), key=lambda c: c.tie_break_rank),
            "accepts_applications": call.accepts_applications(),
        },
    )


@pagecache.cacheable
@in_user_time_zone
def call_results(request, call_slug):
    call = public_call(call_slug)
    if call.status not in PUBLISHED:
        raise Http404("Les résultats ne sont pas encore publiés.")
    listings = list(public_results(call))
    run = call.selection_runs.filter(is_final=True).first()
    return render(
        request,
        "hub/public/call_results.html",
        {
            "call": call,
            "run": run,
            "laureates": [pl for pl in listings if pl.badge == "laureate"],
            "pepites": [pl for pl in listings if pl.badge == "pepite"],
            "listed": [pl for pl in listings if pl.badge == "listed"],
            "n_selected": Outcome.objects.filter(call=call, outcome__in=("laureate", "selected")).count(),
            "crumbs": [(reverse("hub:call-detail", args=[call.slug]), call.title)],
        },
    )


def call_results_csv(request, call_slug):
    call = public_call(call_slug)
    if call.status not in PUBLISHED:
        raise Http404("Les résultats ne sont pas encore publiés.")
    return csv_response(exports.public_results_csv(call), f"positivehub-{call.year}-resultats.csv")


@in_user_time_zone
def privacy(request):
    """What the hub collects, why, for how long, and how to exercise each right (linked from every mail)."""
    return render(
        request,
        "hub/public/privacy.html",
        {
            "retention_years": settings.HUB_RETENTION_YEARS,
            "reply_to": settings.HUB_REPLY_TO,
        },
    )


SIGNUP_SALT = "hub.signup"
SIGNUP_MAX_AGE = 3 * 24 * 3600


def signup(request):
    """The same answer whether the address is new or not: the account is opened from a link sent to the
    address; an address that already has an account gets a mail saying so (how to sign in) instead."""
    if request.user.is_authenticated:
        return redirect("hub:applicant-dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        User = get_user_model()
        existing = (
            User.objects.filter(username__iexact=data["email"]).first()
            or User.objects.filter(email__iexact=data["email"]).first()
        )
        now = timezone.now()
        unconfirmed = (
            existing is not None
            and not existing.is_active
            and existing.last_login is None
            and not existing.is_staff
            and HubProfile.objects.filter(user=existing).exists()
            and not hasattr(existing, "hub_expert")
            and not existing.hub_applications.exists()
        )
        if existing is not None and not unconfirmed:
            notifications.send(
                "signup_existing",
                existing,
                {"login_url": reverse("login"), "reset_url": reverse("password_reset")},
                dedupe=["signup-existing", now.date()],
                now=now,
            )
        else:
            with transaction.atomic():
                if existing is not None:  # never confirmed: start again with what was typed now
                    HubProfile.objects.filter(user=existing).delete()
                    Organisation.objects.filter(members__user=existing).delete()
                    existing.delete()
                user = User.objects.create_user(
                    username=data["email"],
                    email=data["email"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    is_active=False,
                )
                HubProfile.objects.create(user=user, time_zone=data["time_zone"])
                organisation = Organisation.objects.create(
                    name=data["organisation_name"], legal_form=data["legal_form"], country=data["country"]
                )
                OrganisationMember.objects.create(
                    organisation=organisation, user=user, role=OrganisationMember.Role.OWNER
                )
                audit.record("applicant.signup", actor=user, target=user)
            token = signing.dumps(user.pk, salt=SIGNUP_SALT)
            notifications.send(
                "signup_confirm",
                user,
                {"confirm_url": reverse("hub:signup-confirm", args=[token])},
                dedupe=["signup-confirm", user.pk],
                now=now,
            )
        return render(request, "hub/public/signup_sent.html", {"email": data["email"]})
    return render(request, "hub/public/signup.html", {"form": form})


def signup_confirm(request, token):
    """The link of the sign-up mail: opens the account and signs the person in."""
    try:
        pk = signing.loads(token, salt=SIGNUP_SALT, max_age=SIGNUP_MAX_AGE)
    except signing.BadSignature:
        return render(request, "hub/public/signup_link_invalid.html", status=400)
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None or user.last_login is not None:
        # Used already (or the account was closed): the link opens an account once, it is not a password.
        messages.info(
            request, "Votre compte est déjà ouvert : connectez-vous avec votre adresse et votre mot de passe."
        )
        return redirect(reverse("login"))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record("applicant.confirm", actor=user, target=user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Votre compte est ouvert.")
    return redirect(reverse("hub:applicant-dashboard"))
