"""Online votes: one vote per member, results shown after voting or once the poll is closed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from community.models import Poll, PollVote


def results(poll: Poll) -> list[dict]:
    total = poll.votes.count()
    rows = poll.choices.annotate(count=Count("votes")).order_by("sort_order", "pk")
    return [
        {"label": c.label, "count": c.count, "percent": round(100 * c.count / total) if total else 0}
        for c in rows
    ]


@login_required(login_url="community:signup")
def poll_page(request: HttpRequest, pk: int) -> HttpResponse:
    from community.views import _writer_or_redirect

    poll = get_object_or_404(Poll.objects.select_related("practice"), pk=pk)
    if not poll.has_started and not request.user.has_perm("community.change_poll"):
        raise Http404  # prepared by the editors, not shown yet
    member, refusal = _writer_or_redirect(request)
    if refusal:
        return refusal
    voted = PollVote.objects.filter(poll=poll, member=member).first()
    error = ""
    if request.method == "POST" and not voted:
        choice = poll.choices.filter(
            pk=request.POST.get("choice") if str(request.POST.get("choice", "")).isdigit() else None
        ).first()
        if not poll.has_started:
            error = "Ce sondage n'est pas encore ouvert."
        elif not poll.is_open:
            error = "Ce sondage est clos."
        elif choice is None:
            error = "Choisissez une réponse."
        else:
            try:
                with transaction.atomic():
                    voted = PollVote.objects.create(poll=poll, choice=choice, member=member)
            except IntegrityError:  # the same form sent twice
                voted = PollVote.objects.get(poll=poll, member=member)
            messages.success(request, "Merci, votre vote est enregistré.")
            return redirect("community:poll", pk=poll.pk)
    show_results = voted is not None or (poll.has_started and not poll.is_open)
    return render(
        request,
        "community/poll.html",
        {
            "poll": poll,
            "voted": voted,
            "error": error,
            "choices": poll.choices.all(),
            "results": results(poll) if show_results else None,
        },
        status=400 if error else 200,
    )
