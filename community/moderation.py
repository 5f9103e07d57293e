"""The moderation queue: posts waiting, distress first, then posts hidden after reports, then the oldest.

Served in the Wagtail admin to community moderators (wagtail_hooks.py) and, for support teams, who have no access
to the admin, at /communaute/moderation/ with the same rules: a team sees and decides only on its practices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from community import services
from community.forms import DecisionForm
from community.models import ModerationDecision, Reply, Status, Thread
from community.permissions import may_use_moderation_queue, moderated_practice_ids, team_practice_ids

QUEUE_LIMIT = 200


def queue_items(user) -> list:
    practice_ids = moderated_practice_ids(user)
    waiting = Q(status=Status.PENDING) | Q(needs_review=True)
    threads = (
        Thread.objects.filter(waiting)
        .for_practices(practice_ids)
        .select_related("author", "practice")
        .order_by("-distress", "-needs_review", "created_at")[:QUEUE_LIMIT]
    )
    replies = (
        Reply.objects.filter(waiting)
        .for_practices(practice_ids)
        .select_related("author", "thread__practice", "as_team")
        .order_by("-distress", "-needs_review", "created_at")[:QUEUE_LIMIT]
    )
    items = [*threads, *replies]
    items.sort(key=lambda p: (not p.distress, not p.needs_review, p.created_at))
    return items


def decisions_for(user, limit: int = 100):
    practice_ids = moderated_practice_ids(user)
    decisions = ModerationDecision.objects.select_related("moderator", "member").order_by("-created_at")
    if practice_ids is not None:
        decisions = decisions.filter(
            Q(thread__practice_id__in=practice_ids) | Q(reply__thread__practice_id__in=practice_ids)
        )
    return decisions[:limit]


def moderation_queue(request: HttpRequest, *, template: str, redirect_to: str) -> HttpResponse:
    if not may_use_moderation_queue(request.user):
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            decide(request, form.cleaned_data)
            return redirect(redirect_to)
        messages.error(
            request,
            "La décision n'est pas enregistrée : "
            + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return render(
        request,
        template,
        {
            "items": queue_items(request.user),
            "decisions": decisions_for(request.user),
            "form": form,
            "practices": animated_practices(request.user),
        },
    )


def decide(request: HttpRequest, data: dict) -> None:
    model = Thread if data["kind"] == "fil" else Reply
    practice_ids = moderated_practice_ids(request.user)
    post = get_object_or_404(
        model.objects.for_practices(practice_ids).select_related("author__user"), pk=data["pk"]
    )
    action, reason = data["action"], (data.get("reason") or "").strip()
    if action == "approve":
        services.approve(request.user, post)
        messages.success(request, "Le message est publié.")
    elif action == "reject":
        services.reject(request.user, post, reason)
        messages.success(request, "Le message est refusé ; son auteur a reçu le motif par courriel.")
    elif action == "hide":
        services.hide(request.user, post, reason)
        messages.success(request, "Le message est masqué.")
    elif action == "ban":
        services.ban(request.user, post.author, reason, post=post)
        messages.success(request, f"{post.author.pseudonym} ne peut plus écrire.")
    elif action == "trust":
        services.trust(request.user, post.author)
        services.approve(request.user, post)
        messages.success(
            request, f"{post.author.pseudonym} publiera désormais sans attendre ; ce message est publié."
        )


@login_required
def front_queue(request: HttpRequest) -> HttpResponse:
    return moderation_queue(
        request, template="community/moderation_front.html", redirect_to="community:moderation"
    )


def animated_practices(user) -> list:
    """The practices whose space this support team member animates (none listed for community moderators)."""
    from practices.models import PracticePage

    return list(PracticePage.objects.filter(pk__in=team_practice_ids(user)).order_by("title"))
