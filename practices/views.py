"""Front-end views: the training/support request form, and the support teams' own space."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import get_random_string
from django.utils.html import escape
from django.views.decorators.http import require_http_methods
from wagtail.documents import get_document_model

from practices.forms import (
    ContactFormSet,
    SupportTeamSheetForm,
    TrainingRequestForm,
    already_sent,
    new_submission_token,
)
from practices.models import PracticePage, SupportTeam, TrainingRequest
from practices.tasks import notify_editors_of_team_change, notify_requester, notify_training_request

FOLLOW_UP_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")  # secrets.token_urlsafe(32): 43 characters


def _client_address(request):
    from accounts.addresses import client_address

    return client_address(request)


@require_http_methods(["GET", "POST"])
def request_support(request, kind, slug):
    """Ask a support team for information, training or implementation support."""
    if kind not in ("pratique", "equipe"):
        raise Http404("Adresse inconnue.")
    practice = None
    if kind == "pratique":
        practice = get_object_or_404(PracticePage.objects.live().public(), slug=slug)
        teams = list(SupportTeam.objects.filter(practice_links__practice=practice).order_by("name"))
        if not teams:
            raise Http404("Aucune équipe d'appui pour cette pratique.")
    else:
        teams = [get_object_or_404(SupportTeam, slug=slug)]
    team = teams[0]
    if len(teams) > 1:
        chosen = request.POST.get("team") or request.GET.get("equipe")
        team = next((t for t in teams if t.slug == chosen), None) if chosen else None
    if request.method == "POST":
        # The same form sent again (double click, reload, retry): show the request it already sent, no second one.
        sent = already_sent(request.POST, team)
        if sent is not None:
            return _already_sent(request, sent)
    form = TrainingRequestForm(request.POST or None, team=team, client_address=_client_address(request))
    if request.method == "POST":
        if team is None:
            form.is_valid()
            form.add_error(None, "Choisissez l'équipe d'appui à qui adresser votre demande.")
        elif form.is_valid():
            try:
                with transaction.atomic():
                    training_request = form.save(practice=practice)
            except IntegrityError:
                # Sent twice at the same instant: the other copy was saved first.
                sent = already_sent(request.POST, team)
                if sent is not None:
                    return _already_sent(request, sent)
                # Someone else's token (copied form): this is a request of its own.
                form.cleaned_data["submission_token"] = new_submission_token()
                with transaction.atomic():
                    training_request = form.save(practice=practice)
            notify_training_request.enqueue(training_request.pk)
            messages.success(
                request, f"Votre demande est envoyée. Sa référence : {training_request.reference}."
            )
            return redirect("practices:request-follow-up", token=training_request.follow_up_token)
    return render(
        request,
        "practices/request_form.html",
        {"form": form, "practice": practice, "teams": teams, "team": team},
    )


def _already_sent(request, sent):
    messages.info(
        request,
        f"Cette demande était déjà envoyée : nous ne l'avons pas enregistrée une seconde fois. "
        f"Sa référence : {sent.reference}.",
    )
    return redirect("practices:request-follow-up", token=sent.follow_up_token)


def request_sent(request):
    return render(request, "practices/request_sent.html")


def request_follow_up(request, token):
    """The requester's private page (no account): reference, status and the team's messages."""
    if not FOLLOW_UP_TOKEN_RE.match(
        token
    ):  # never a query with a NUL byte or 100 KB (PostgreSQL refuses a NUL)
        raise Http404("Lien de suivi inconnu.")
    training_request = get_object_or_404(
        TrainingRequest.objects.select_related("team", "practice"),
        follow_up_token=token,
        anonymised_at__isnull=True,
    )
    return render(
        request,
        "practices/request_follow_up.html",
        {"item": training_request, "entries": training_request.follow_up_entries()},
    )


@require_http_methods(["GET", "POST"])
def request_follow_up_resend(request):
    """Send the follow-up link again to the address the request was made with (the same answer whatever is typed)."""
    from django.core.cache import cache

    from practices.forms import FollowUpLinkForm

    form = FollowUpLinkForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        key = f"follow-up-link:{_client_address(request)}"
        cache.add(key, 0, timeout=3600)
        if cache.incr(key) <= 10:
            found = TrainingRequest.objects.filter(
                reference__iexact=form.cleaned_data["reference"],
                email__iexact=form.cleaned_data["email"],
                anonymised_at__isnull=True,
            ).first()
            if found is not None:
                notify_requester.enqueue(found.pk, "link")
        sent = True
    return render(request, "practices/request_follow_up_resend.html", {"form": form, "sent": sent})


def _member_team(request, slug):
    """A team the logged-in user belongs to; anything else is a 404 (never reveal another team's space)."""
    return get_object_or_404(SupportTeam.objects.filter(memberships__user=request.user), slug=slug)


@login_required
def team_space(request):
    teams = SupportTeam.objects.filter(memberships__user=request.user).order_by("name")
    return render(request, "practices/team_space.html", {"teams": teams})


@login_required
@require_http_methods(["GET", "POST"])
def team_sheet_edit(request, slug):
    team = _member_team(request, slug)
    form = SupportTeamSheetForm(request.POST or None, request.FILES or None, instance=team)
    contacts = ContactFormSet(request.POST or None, instance=team, prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        changed = list(form.changed_data) + (["contacts"] if contacts.has_changed() else [])
        team = form.save(commit=False)
        team.departement = form.cleaned_data["departement"]
        text = form.cleaned_data.get("technical_sheet_text", "")
        team.technical_sheet = "".join(
            f"<p>{escape(' '.join(p.split()))}</p>" for p in text.split("\n\n") if p.strip()
        )
        upload = form.cleaned_data.get("technical_sheet_pdf")
        if upload:
            Document = get_document_model()
            document = Document(title=f"Fiche technique — {team.name}", uploaded_by_user=request.user)
            document.file.save(
                f"fiche-technique-{get_random_string(16).lower()}.pdf", ContentFile(upload.read()), save=False
            )
            # Shown beside the link on the practice page: « PDF, 120 Ko ».
            document.file_size = document.file.size
            document.save()
            team.technical_sheet_document = document
        with transaction.atomic():
            team.save()
            contacts.save()
            team = SupportTeam.objects.get(pk=team.pk)
            team.save_revision(user=request.user, log_action=True)
        notify_editors_of_team_change.enqueue(team.pk, request.user.pk, changed)
        messages.success(request, "La fiche est à jour et en ligne.")
        return redirect("practices:team-sheet-edit", slug=team.slug)
    return render(
        request, "practices/team_sheet_edit.html", {"team": team, "form": form, "contacts": contacts}
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_requests(request, slug):
    team = _member_team(request, slug)
    if request.method == "POST":
        request_id = request.POST.get("request", "")
        if not request_id.isdigit() or len(request_id) > 18:
            raise Http404("Demande inconnue.")
        training_request = get_object_or_404(TrainingRequest, pk=int(request_id), team=team)
        status = request.POST.get("status", "")
        reply = request.POST.get("reply", "").replace("\x00", "").strip()[:5000]
        if status not in TrainingRequest.Status.values:
            messages.error(
                request, "Cet état n'existe pas : choisissez nouvelle, en cours, réalisée ou déclinée."
            )
        else:
            status_changed = status != training_request.status
            training_request.status = status
            training_request.team_note = request.POST.get("note", "").replace("\x00", "")[:2000]
            if status_changed or reply:
                training_request.log_follow_up(status, reply)
            training_request.save(update_fields=["status", "team_note", "follow_up_log"])
            if status_changed or reply:
                notify_requester.enqueue(training_request.pk, "status")
            messages.success(
                request,
                "La demande est mise à jour."
                + (" La personne est prévenue par courriel." if status_changed or reply else ""),
            )
        return redirect("practices:team-requests", slug=team.slug)
    requests_list = team.training_requests.select_related("practice", "departement").order_by("-created_at")
    counts = {s.label: 0 for s in TrainingRequest.Status}
    for item in requests_list:
        counts[item.get_status_display()] += 1
    return render(
        request,
        "practices/team_requests.html",
        {
            "team": team,
            "requests": requests_list,
            "statuses": TrainingRequest.Status.choices,
            "counts": counts,
        },
    )
