"""« Suivre cette pratique »: the form on the practice page, the confirmation (double opt-in), the unsubscription.

The form sits on cached practice pages, so it carries no CSRF token: `follow` is CSRF-exempt and rate-limited per
address. A forged submission can at worst send one confirmation mail, which does nothing until its recipient
confirms. The confirmation and unsubscription links carry a random token: they ask for a click on a button (mail
scanners open links), except the one-click unsubscription of mail clients (RFC 8058), a POST with no page.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from accounts import throttle
from accounts.addresses import client_address
from alerts import services
from alerts.forms import FollowForm
from alerts.models import UNCONFIRMED_DAYS, Subscription

FOLLOWS_PER_HOUR = 20


def _practice(practice_id: int):
    from practices.models import PracticePage

    return get_object_or_404(PracticePage.objects.live().public(), pk=practice_id)


def _address_key(request: HttpRequest) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256)
    return f"alerts:follow:ip:{digest.hexdigest()[:32]}"


@csrf_exempt
@never_cache
def follow(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = _practice(practice_id)
    form = FollowForm(request.POST) if request.method == "POST" else FollowForm()
    status = 200
    if request.method == "POST":
        limit = getattr(settings, "ALERTS_FOLLOWS_PER_HOUR", FOLLOWS_PER_HOUR)
        if throttle.count(_address_key(request), 3600) > limit:
            form.add_error(None, "Trop de demandes depuis votre connexion. Réessayez dans une heure.")
            status = 429
        elif form.is_valid():
            services.subscribe(form.cleaned_data["email"], practice)
            return redirect("alerts:sent")
        else:
            status = 400
    return render(request, "alerts/follow.html", {"form": form, "practice": practice}, status=status)


@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/sent.html", {"days": UNCONFIRMED_DAYS})


def _subscription(token: str) -> Subscription | None:
    return Subscription.objects.select_related("practice").filter(token=token[:64]).first()


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/invalid_link.html", status=404)


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _subscription(token)
    if subscription is None:
        return _invalid_link(request)
    if request.method == "POST":
        services.confirm(subscription)
    return render(
        request,
        "alerts/confirm.html",
        {
            "subscription": subscription,
            "unsubscribe_url": reverse("alerts:unsubscribe", args=[subscription.token]),
        },
    )


@csrf_exempt
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what is kept and a button; POST (the button, or a mail client's one-click) erases it."""
    subscription = _subscription(token)
    if subscription is None:
        return _invalid_link(request)
    if request.method == "POST":
        title = subscription.practice.title
        subscription.delete()
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=204)
        return render(request, "alerts/unsubscribed.html", {"title": title})
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})
