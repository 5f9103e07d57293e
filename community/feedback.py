"""« Cette page vous a-t-elle aidé ? »: yes or no, then an optional why. No account, no cookie, nothing about the
visitor is stored: one answer per visitor, page and day is kept by a cache key made of a keyed hash of the
address (forgotten after a day), and answers are rate-limited per address the same way.

The form sits on cached pages, so it carries no CSRF token (it would make every page personal): the two views are
CSRF-exempt. A forged submission can at worst add an anonymous yes/no, which the rate limits bound."""

from __future__ import annotations

import hashlib
import hmac

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from accounts.addresses import client_address
from community import services
from community.models import PageFeedback

REASON_SALT = "community.feedback-reason"
DAY = 24 * 3600


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Pourquoi ? (facultatif)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="N'écrivez ni votre nom ni vos coordonnées : cet avis est anonyme.",
    )


def visitor_key(request: HttpRequest, page_id: int) -> str:
    secret = settings.SECRET_KEY.encode()
    address = client_address(request)
    digest = hmac.new(
        secret, f"{address}|{page_id}|{timezone.localdate()}".encode(), hashlib.sha256
    ).hexdigest()
    return f"community:feedback:once:{digest[:32]}"


def address_key(request: HttpRequest) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256)
    return f"community:feedback:ip:{digest.hexdigest()[:32]}"


@csrf_exempt
@require_POST
def answer(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    choice = request.POST.get("aide")
    if choice not in ("oui", "non"):
        return render(
            request,
            "community/feedback_thanks.html",
            {"page": None, "target": page, "error": "Choisissez « Oui » ou « Non »."},
            status=400,
        )
    context = {"page": None, "target": page}
    if services.over_rate_limit([(address_key(request), getattr(settings, "COMMUNITY_FEEDBACK_LIMIT", 30))]):
        context["already"] = True
    elif not cache.add(visitor_key(request, page.pk), 1, timeout=DAY):
        context["already"] = True
    else:
        feedback = PageFeedback.objects.create(page=page, helpful=choice == "oui")
        context["token"] = signing.dumps(feedback.pk, salt=REASON_SALT)
        context["form"] = ReasonForm()
    return render(request, "community/feedback_thanks.html", context)


@csrf_exempt
@require_POST
def reason(request: HttpRequest, token: str) -> HttpResponse:
    try:
        feedback_pk = signing.loads(token, salt=REASON_SALT, max_age=3600)
    except (signing.BadSignature, TypeError, ValueError):
        raise Http404 from None
    feedback = get_object_or_404(PageFeedback.objects.select_related("page"), pk=feedback_pk)
    form = ReasonForm(request.POST)
    context = {"page": None, "target": feedback.page, "token": token, "form": form}
    if form.is_valid():
        if not feedback.reason:
            feedback.reason = form.cleaned_data["reason"].strip()
            feedback.save(update_fields=["reason"])
        context = {"page": None, "target": feedback.page, "done": True}
        return render(request, "community/feedback_thanks.html", context)
    return render(request, "community/feedback_thanks.html", context, status=200)


def results() -> list[dict]:
    """Answers per page, the most « non » first (one query)."""
    return list(
        PageFeedback.objects.values("page_id", "page__title")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
        .order_by("-no", "-yes", "page__title")
    )
