"""The public map (and its table), the small map of a practice, the teams' projects, and the application to
become a support team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from implementation import geo
from implementation.forms import ApplicationForm, ProjectForm, TeamSiteForm
from implementation.models import ImplementationProject, Stage, TeamSite
from implementation.where import where
from pagecache import cacheable
from practices.models import PracticePage, Region, SupportTeam, TrainingRequest


def _param(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").replace("\x00", "").strip()[:100]


@cacheable  # purged by this app's signals when what it shows changes
def france_map(request: HttpRequest) -> HttpResponse:
    practices = list(PracticePage.objects.live().public().order_by("title").only("id", "title", "slug"))
    regions = list(Region.objects.order_by("name"))
    problems = []
    chosen = {
        "pratique": _param(request, "pratique"),
        "region": _param(request, "region"),
        "etape": _param(request, "etape"),
    }
    practice = None
    if chosen["pratique"]:
        practice = next((p for p in practices if p.slug == chosen["pratique"]), None)
        if practice is None:
            problems.append("Cette bonne pratique n'existe pas : le filtre est ignoré.")
            chosen["pratique"] = ""
    if chosen["region"] and not any(r.code == chosen["region"] for r in regions):
        problems.append("Cette région n'existe pas : le filtre est ignoré.")
        chosen["region"] = ""
    if chosen["etape"] and chosen["etape"] not in Stage.values:
        problems.append("Cette étape n'existe pas : le filtre est ignoré.")
        chosen["etape"] = ""
    found = where(practice, chosen["region"], chosen["etape"])
    title = "Carte de France : où " + (
        f"« {practice.title} » est mise en œuvre" if practice else "les bonnes pratiques sont mises en œuvre"
    )
    return render(
        request,
        "implementation/map.html",
        {
            "svg": geo.svg(found.marks, found.names, title=title),
            "found": found,
            "practices": practices,
            "regions": regions,
            "stages": Stage.choices,
            "chosen": chosen,
            "problems": problems,
            "practice": practice,
            "legend": [(name, label, geo.COLOURS[name]) for name, label in geo.MARKS],
            "filtered": any(chosen.values()),
            "map_title": title,
        },
    )


def practice_map_svg(request: HttpRequest, slug: str) -> HttpResponse:
    """The small map of one practice, as an image file for the practice page."""
    practice = get_object_or_404(PracticePage.objects.live().public(), slug=slug)
    found = where(practice)
    body = geo.standalone_svg(found.marks, found.names, title=f"Où « {practice.title} » est mise en œuvre")
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- team space ------------------------------------------------------------------------------------------------
def _member_team(request: HttpRequest, slug: str) -> SupportTeam:
    return get_object_or_404(SupportTeam.objects.filter(memberships__user=request.user), slug=slug)


@login_required
def team_projects(request: HttpRequest, slug: str) -> HttpResponse:
    team = _member_team(request, slug)
    projects = (
        ImplementationProject.objects.filter(team=team)
        .select_related("practice", "departement")
        .order_by("-updated_at")
    )
    requests_without_project = (
        TrainingRequest.objects.filter(
            team=team, implementation_project__isnull=True, anonymised_at__isnull=True
        )
        .exclude(status=TrainingRequest.Status.DECLINED)
        .select_related("practice", "departement")
        .order_by("-created_at")
    )
    return render(
        request,
        "implementation/team/projects.html",
        {
            "team": team,
            "projects": projects,
            "requests": requests_without_project,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_project_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    team = _member_team(request, slug)
    project = get_object_or_404(ImplementationProject, pk=pk, team=team) if pk else None
    origin = None
    initial = {}
    if project is None and request.GET.get("demande", "").isdigit():
        origin = get_object_or_404(
            TrainingRequest, pk=int(request.GET["demande"]), team=team, implementation_project__isnull=True
        )
        initial = {
            "practice": origin.practice_id,
            "departement": origin.departement_id,
            "host_organisation": origin.organisation,
        }
    form = ProjectForm(request.POST or None, instance=project, team=team, origin=origin, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save()
        except IntegrityError:  # the same request turned into a project twice at once
            messages.error(request, "Cette demande a déjà son projet.")
            return redirect("implementation:team-projects", slug=team.slug)
        messages.success(
            request,
            "Le projet est enregistré." + (" Il est visible sur la carte." if saved.is_public else ""),
        )
        return redirect("implementation:team-projects", slug=team.slug)
    return render(
        request,
        "implementation/team/project_form.html",
        {
            "team": team,
            "form": form,
            "project": project,
            "origin": origin,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_sites(request: HttpRequest, slug: str) -> HttpResponse:
    """The places where the team practises: they appear on the map."""
    team = _member_team(request, slug)
    if request.method == "POST" and "delete" in request.POST:
        site = get_object_or_404(
            TeamSite, pk=request.POST["delete"] if request.POST["delete"].isdigit() else 0, team=team
        )
        site.delete()
        messages.success(request, "Le lieu est retiré de la carte.")
        return redirect("implementation:team-sites", slug=team.slug)
    form = TeamSiteForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Le lieu est ajouté : il apparaît sur la carte.")
        return redirect("implementation:team-sites", slug=team.slug)
    sites = TeamSite.objects.filter(team=team).select_related("practice", "departement")
    return render(request, "implementation/team/sites.html", {"team": team, "form": form, "sites": sites})


# --- becoming a support team ------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                application = form.save()
        except IntegrityError:
            form.add_error(
                None, "Une candidature de cette adresse pour cette bonne pratique est déjà en cours d'examen."
            )
        else:
            from implementation.tasks import notify_application

            transaction.on_commit(lambda: notify_application.enqueue(application.pk, "received"))
            return redirect("implementation:apply-sent")
    return render(request, "implementation/apply.html", {"form": form})


def apply_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "implementation/apply_sent.html")
