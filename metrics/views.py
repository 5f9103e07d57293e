"""The public « Lilith en chiffres » page, the counted way out to a support team's website, a team's own figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_safe

from metrics import charts, counting, indicators, periods
from pagecache import cacheable


@require_safe
def team_website(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the reader to the team's own recorded website, and count it. No address is taken from the request:
    whatever is added to the URL, the only destination is the one stored on the team (no open redirect)."""
    from metrics.middleware import from_a_browser, is_editor
    from metrics.templatetags.metrics_tags import website_is_safe
    from practices.models import SupportTeam

    team = SupportTeam.objects.filter(slug=slug).only("pk", "website").first()
    if team is None or not website_is_safe(team.website):
        raise Http404("Cette équipe n'a pas de site web enregistré.")
    if request.method == "GET" and from_a_browser(request) and not is_editor(request):
        counting.count(counting.TEAM_VISITS, str(team.pk))
    response = HttpResponseRedirect(team.website)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = (
        "origin"  # the team's site may see it comes from Lilith, not from which page
    )
    return response


PUBLIC_INDICATORS = [
    ("pages", "created", "Pages publiées pour la première fois"),
    ("pages", "updated", "Pages mises à jour"),
    ("consultations", "views", "Consultations des pages"),
    ("echanges", "exchanges", "Messages publiés dans les espaces d'échange"),
    ("echanges", "helpful", "Lecteurs que la page a aidés"),
    ("sites-equipes-periodes", "visits", "Visites des sites des équipes d'appui depuis Lilith"),
    ("formations", "requests", "Demandes reçues par les équipes d'appui"),
    ("formations", "sessions", "Formations et webinaires tenus"),
    ("formations", "attended", "Participations aux formations et webinaires"),
    ("mise-en-oeuvre-periodes", "projects", "Projets de mise en œuvre commencés"),
]


def public_summary(filters: indicators.Filters) -> indicators.Table:
    """The main indicators per semester, one row per indicator and one column per semester."""
    tables = {key: indicators.BY_KEY[key].compute(filters) for key in {k for k, _, _ in PUBLIC_INDICATORS}}
    semesters = filters.periods
    columns = [indicators.Column("indicator", "Indicateur", numeric=False)]
    columns += [indicators.Column(p.key, p.label) for p in semesters]
    rows = []
    for key, column, label in PUBLIC_INDICATORS:
        by_start = {row["start"]: row[column] for row in tables[key].rows}
        rows.append({"indicator": label, **{p.key: by_start.get(p.start, 0) for p in semesters}})
    return indicators.Table(
        "lilith-en-chiffres",
        "Lilith en chiffres",
        "Les principaux indicateurs du projet, par semestre.",
        columns,
        rows,
    )


def _semester_filters(count: int = 4) -> indicators.Filters:
    today = timezone.localdate()
    current = periods.semester_of(today)
    first = current
    for _ in range(count - 1):
        first = periods.semester_of(first.start - datetime.timedelta(days=1))
    return indicators.Filters(since=first.start, until=today, granularity=periods.SEMESTER)


@require_safe
@cacheable
def figures(request: HttpRequest) -> HttpResponse:
    """« Lilith en chiffres »: the same for every reader, cached, dropped from the cache at each fold."""
    filters = _semester_filters()
    summary = public_summary(filters)
    current = filters.periods[-1]
    charts_by_semester = []
    for key, column, label in PUBLIC_INDICATORS[:4]:
        table = indicators.BY_KEY[key].compute(filters)
        table.columns = [indicators.PERIOD, indicators.Column(column, label)]
        table.chart = column
        table.title = label
        table.key = f"{key}-{column}"
        charts_by_semester.append((table, charts.bar_chart(table)))
    context: dict[str, Any] = {
        "summary": summary,
        "charts": charts_by_semester,
        "current": current,
        "updated": timezone.localtime(),
        "filters": filters,
    }
    return render(request, "metrics/figures.html", context)


@login_required
@require_GET
def team_figures(request: HttpRequest, slug: str) -> HttpResponse:
    """A support team's own figures: only for its members (any other team's address is a 404)."""
    from practices.models import SupportTeam

    team = get_object_or_404(SupportTeam.objects.filter(memberships__user=request.user), slug=slug)
    filters = indicators.Filters.default(team=team)
    practice_ids = list(team.practice_links.values_list("practice_id", flat=True))
    tables = [
        team_page_views(team, practice_ids, filters),
        indicators.team_visits(filters),
        indicators.trainings(filters),
        indicators.implementation(filters),
    ]
    return render(
        request,
        "metrics/team_figures.html",
        {"team": team, "tables": [(t, charts.bar_chart(t)) for t in tables], "filters": filters},
    )


def team_page_views(team: Any, practice_ids: list[int], filters: indicators.Filters) -> indicators.Table:
    from metrics.models import PageViewDay

    sheet = urlsplit_path(team.public_url)
    practices = PageViewDay.objects.filter(
        day__gte=filters.since, day__lte=filters.until, page_id__in=practice_ids
    )
    sheet_views = PageViewDay.objects.filter(day__gte=filters.since, day__lte=filters.until, path=sheet)
    rows = indicators.by_period(
        filters,
        {
            "practices": indicators.per_month(practices, "day", Sum("views")),
            "sheet": indicators.per_month(sheet_views, "day", Sum("views")),
        },
    )
    return indicators.Table(
        "consultations-equipe",
        "Consultations des pages de l'équipe",
        "Lectures des pages des bonnes pratiques que l'équipe accompagne, et de la fiche de l'équipe.",
        [
            indicators.PERIOD,
            indicators.Column("practices", "Pages des bonnes pratiques accompagnées"),
            indicators.Column("sheet", "Fiche de l'équipe"),
        ],
        rows,
        chart="practices",
    )


def urlsplit_path(url: str | None) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url or "").path or "-"
