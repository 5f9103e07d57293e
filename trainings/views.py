"""The calendar of training sessions, registration and cancellation, iCalendar feeds, and the team space pages."""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pagecache import cacheable
from practices.models import PracticePage, Region, SupportTeam
from trainings import ics
from trainings.forms import RegistrationForm, SessionForm
from trainings.models import Registration, RegistrationError, TrainingSession, cancel, register

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _clean_param(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").replace("\x00", "").strip()[:100]


@cacheable  # purged by this app's signals when what it shows changes
def calendar(request: HttpRequest) -> HttpResponse:
    """Every coming session, filtered by practice, région, online and month (checked against known lists)."""
    sessions = TrainingSession.objects.coming().for_listing().order_by("starts_at", "pk")
    practices = list(
        PracticePage.objects.live()
        .public()
        .filter(training_sessions__isnull=False)
        .distinct()
        .order_by("title")
        .only("id", "title", "slug")
    )
    regions = list(Region.objects.order_by("name"))
    problems = []
    chosen = {
        "pratique": _clean_param(request, "pratique"),
        "region": _clean_param(request, "region"),
        "en_ligne": _clean_param(request, "en-ligne"),
        "mois": _clean_param(request, "mois"),
    }
    if chosen["pratique"]:
        practice = next((p for p in practices if p.slug == chosen["pratique"]), None)
        if practice is None:
            problems.append("Aucune session n'est prévue pour cette bonne pratique : le filtre est ignoré.")
            chosen["pratique"] = ""
        else:
            sessions = sessions.filter(practice=practice)
    if chosen["region"]:
        if any(r.code == chosen["region"] for r in regions):
            sessions = sessions.filter(departement__region__code=chosen["region"])
        else:
            problems.append("Cette région n'existe pas : le filtre est ignoré.")
            chosen["region"] = ""
    if chosen["en_ligne"] == "oui":
        sessions = sessions.filter(kind__in=TrainingSession.ONLINE_KINDS)
    elif chosen["en_ligne"] == "non":
        sessions = sessions.exclude(kind__in=TrainingSession.ONLINE_KINDS)
    elif chosen["en_ligne"]:
        problems.append("Choisissez « en ligne » ou « sur place » : le filtre est ignoré.")
        chosen["en_ligne"] = ""
    months = _coming_months()
    if chosen["mois"]:
        match = MONTH_RE.match(chosen["mois"])
        if match and 1 <= int(match.group(2)) <= 12:
            year, month = int(match.group(1)), int(match.group(2))
            start = timezone.make_aware(datetime.datetime(year, month, 1))
            end = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
            sessions = sessions.filter(starts_at__lt=end, ends_at__gte=start)
        else:
            problems.append("Ce mois n'est pas valide : choisissez-le dans la liste.")
            chosen["mois"] = ""
    page = Paginator(sessions, 30).get_page(request.GET.get("page"))
    query = "&".join(f"{'en-ligne' if k == 'en_ligne' else k}={v}" for k, v in chosen.items() if v)
    return render(
        request,
        "trainings/calendar.html",
        {
            "sessions": page,
            "practices": practices,
            "regions": regions,
            "months": months,
            "chosen": chosen,
            "problems": problems,
            "query": query,
            "filtered": any(chosen.values()),
        },
    )


def _coming_months(count: int = 12) -> list[tuple[str, str]]:
    today = timezone.localdate()
    result = []
    year, month = today.year, today.month
    for _ in range(count):
        result.append((f"{year}-{month:02d}", f"{MONTHS[month - 1]} {year}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _public_session(pk: int) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.published()
        .filter(practice__live=True)
        .select_related("practice", "team", "departement__region")
        .with_counts(),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _public_session(pk)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = register(
                session,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
            )
        except RegistrationError as error:
            form.add_error(None, str(error))
        except IntegrityError:  # the same person sent the form twice at the same moment
            form.add_error(None, "Vous êtes déjà inscrit à cette session avec cette adresse électronique.")
        else:
            return redirect("trainings:registration", token=registration.cancel_token)
    return render(
        request,
        "trainings/session.html",
        {
            "session": session,
            "form": form,
            "open": session.registrations_open(),
            "starts": timezone.localtime(session.starts_at),
            "ends": timezone.localtime(session.ends_at),
        },
    )


def _registration_or_404(token: str) -> Registration:
    registration = Registration.from_cancel_token(token)
    if registration is None or registration.anonymised_at:
        raise Http404("Ce lien n'est pas valide.")
    return registration


def registration_status(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    return render(
        request,
        "trainings/registration.html",
        {
            "registration": registration,
            "session": registration.session,
            "token": token,
            "position": registration.waiting_position()
            if registration.status == Registration.Status.WAITING
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    if request.method == "POST":
        cancel(registration)
        return redirect("trainings:registration", token=token)
    return render(
        request,
        "trainings/cancel.html",
        {"registration": registration, "session": registration.session, "token": token},
    )


def _feed_response(sessions, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(ics.feed(sessions, name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed_all(request: HttpRequest) -> HttpResponse:
    sessions = (
        TrainingSession.objects.coming()
        .select_related("practice", "team", "departement")
        .order_by("starts_at")
    )
    return _feed_response(sessions, "Formations — bonnes pratiques en santé mentale", "formations.ics")


def feed_practice(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(PracticePage.objects.live().public(), slug=slug)
    sessions = (
        TrainingSession.objects.coming()
        .filter(practice=practice)
        .select_related("practice", "team", "departement")
        .order_by("starts_at")
    )
    return _feed_response(sessions, f"Formations — {practice.title}", f"formations-{practice.slug}.ics")


# --- team space ------------------------------------------------------------------------------------------------
def _member_team(request: HttpRequest, slug: str) -> SupportTeam:
    """A team the logged-in user belongs to; anything else is a 404 (never reveal another team's space)."""
    return get_object_or_404(SupportTeam.objects.filter(memberships__user=request.user), slug=slug)


def _team_session(team: SupportTeam, pk: int) -> TrainingSession:
    return get_object_or_404(TrainingSession.objects.select_related("practice"), pk=pk, team=team)


@login_required
def team_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    team = _member_team(request, slug)
    sessions = (
        TrainingSession.objects.filter(team=team)
        .select_related("practice", "departement")
        .with_counts()
        .order_by("-starts_at")
    )
    totals = {
        "sessions": len(sessions),
        "confirmed": sum(s.confirmed_count for s in sessions),
        "attended": sum(s.attended_count for s in sessions),
    }
    return render(
        request, "trainings/team/sessions.html", {"team": team, "sessions": sessions, "totals": totals}
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_session_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    team = _member_team(request, slug)
    session = _team_session(team, pk) if pk else None
    form = SessionForm(request.POST or None, instance=session, team=team)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            locked = TrainingSession.objects.select_for_update().get(pk=saved.pk)
            moved = locked.fill_from_waiting_list() if locked.ends_at > timezone.now() else []
            from trainings.tasks import send_registration_email

            for promoted in moved:
                transaction.on_commit(lambda pk=promoted.pk: send_registration_email.enqueue(pk, "promoted"))
        messages.success(
            request, "La session est enregistrée." + (" Elle est en ligne." if saved.is_published else "")
        )
        return redirect("trainings:team-sessions", slug=team.slug)
    return render(
        request, "trainings/team/session_form.html", {"team": team, "form": form, "session": session}
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    team = _member_team(request, slug)
    session = _team_session(team, pk)
    registrations = list(
        session.registrations.exclude(status=Registration.Status.CANCELLED).order_by("created_at", "pk")
    )
    if request.method == "POST":
        present = set(request.POST.getlist("present"))
        confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
        for registration in confirmed:
            registration.attended = str(registration.pk) in present
        Registration.objects.bulk_update(confirmed, ["attended"])
        messages.success(
            request,
            f"Présences enregistrées : {sum(1 for r in confirmed if r.attended)} "
            f"sur {len(confirmed)} inscrits.",
        )
        return redirect("trainings:team-attendance", slug=team.slug, pk=session.pk)
    counts = {
        "confirmed": sum(1 for r in registrations if r.status == Registration.Status.CONFIRMED),
        "waiting": sum(1 for r in registrations if r.status == Registration.Status.WAITING),
        "attended": sum(1 for r in registrations if r.attended),
    }
    return render(
        request,
        "trainings/team/attendance.html",
        {
            "team": team,
            "session": session,
            "registrations": registrations,
            "counts": counts,
        },
    )
