"""The indicators the project committed to, computed from the daily aggregates and the content apps' own data.

Each indicator is a function of `Filters` (period, granularity, practice, theme, parcours, région, team) that
returns a `Table`: its columns, one row per period (or per page, team, call, région), and the column its chart
shows. Every query groups in the database (per month, then months are gathered into semesters or years here), so
the number of queries does not grow with the number of days, pages or posts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from metrics import periods
from metrics.periods import Period


@dataclass
class Filters:
    since: datetime.date
    until: datetime.date
    granularity: str = periods.SEMESTER
    practice: Any = None
    theme: Any = None
    parcours: Any = None
    region: Any = None
    team: Any = None

    @classmethod
    def default(cls, **kwargs: Any) -> Filters:
        since, until = periods.default_range(timezone.localdate())
        return cls(since=kwargs.pop("since", since), until=kwargs.pop("until", until), **kwargs)

    @property
    def periods(self) -> list[Period]:
        return periods.periods_between(self.since, self.until, self.granularity)

    @property
    def start(self) -> datetime.datetime:
        return _midnight(self.since)

    @property
    def end(self) -> datetime.datetime:
        return _midnight(self.until + datetime.timedelta(days=1))

    def describe(self) -> str:
        parts = [f"du {_day(self.since)} au {_day(self.until)}"]
        for name, label in (
            ("practice", "bonne pratique"),
            ("theme", "thème"),
            ("parcours", "parcours"),
            ("region", "région"),
            ("team", "équipe"),
        ):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{label} : {value}")
        return ", ".join(parts)


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = True


@dataclass
class Table:
    key: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    chart: str | None = None  # the column the chart shows, against the first column
    notes: list[str] = field(default_factory=list)

    @property
    def label_column(self) -> Column:
        return self.columns[0]

    @property
    def chart_column(self) -> Column | None:
        return next((c for c in self.columns if c.key == self.chart), None)

    def total(self, key: str) -> int:
        return sum(int(row.get(key) or 0) for row in self.rows)

    def formatted_rows(self) -> list[list[str]]:
        """The rows as a reader sees them: French numbers, dates, « — » when there is no value."""
        return [[display(row.get(c.key)) for c in self.columns] for row in self.rows]


def display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _day(day: datetime.date) -> str:
    return f"{day.day} {periods.MONTHS[day.month - 1]} {day.year}"


def _month(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def per_month(qs: QuerySet, date_field: str, value: Any = None) -> dict[datetime.date, int]:
    """{first day of month: count (or the sum `value`)} for the rows of `qs`, in one query."""
    rows = (
        qs.order_by()
        .annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(n=value if value is not None else Count("pk"))
    )
    result: dict[datetime.date, int] = defaultdict(int)
    for row in rows:
        if row["month"] is not None:
            result[_month(row["month"])] += int(row["n"] or 0)
    return result


def by_period(filters: Filters, series: dict[str, dict[datetime.date, int]]) -> list[dict[str, Any]]:
    """One row per period of `filters`, each series' months added into it."""
    rows = []
    for period in filters.periods:
        row: dict[str, Any] = {"period": period.label, "start": period.start}
        for name, months in series.items():
            row[name] = sum(n for month, n in months.items() if period.start <= month < period.end)
        rows.append(row)
    return rows


def _in_range(filters: Filters, name: str, dates: bool = False) -> Q:
    if dates:
        return Q(**{f"{name}__gte": filters.since, f"{name}__lte": filters.until})
    return Q(**{f"{name}__gte": filters.start, f"{name}__lt": filters.end})


def page_scope(filters: Filters, prefix: str = "") -> Q:
    """The pages the filters name: a practice; a theme or a parcours (the pages under it and the practices it
    presents)."""
    from parcours.models import ThemePracticeLink

    q = Q()
    if filters.practice is not None:
        q &= Q(**{f"{prefix}pk": filters.practice.pk})
    for node in (filters.theme, filters.parcours):
        if node is not None:
            linked = ThemePracticeLink.objects.filter(theme__path__startswith=node.path).values("practice_id")
            q &= Q(**{f"{prefix}path__startswith": node.path}) | Q(**{f"{prefix}pk__in": linked})
    return q


PERIOD = Column("period", "Période", numeric=False)


# --- pages ------------------------------------------------------------------------------------------------------


def pages_produced(filters: Filters) -> Table:
    from wagtail.models import Page, Revision

    from practices.models import PracticePage

    scope = page_scope(filters)
    pages = Page.objects.filter(scope, _in_range(filters, "first_published_at"), depth__gt=1)
    practices = PracticePage.objects.filter(scope, _in_range(filters, "first_published_at"))
    scoped_ids = Page.objects.filter(scope).values("pk") if scope else None
    revisions = Revision.page_revisions.filter(_in_range(filters, "created_at"))
    if scoped_ids is not None:
        revisions = revisions.filter(object_id__in=Subquery(_as_text_ids(scoped_ids)))
    series = {
        "created": per_month(pages, "first_published_at"),
        "practices": per_month(practices, "first_published_at"),
        "updated": per_month(revisions, "created_at", Count("object_id", distinct=True)),
        "revisions": per_month(revisions, "created_at"),
    }
    return Table(
        "pages",
        "Pages réalisées et mises à jour",
        "Pages publiées pour la première fois dans la période (dont les bonnes pratiques), pages modifiées "
        "(au moins une révision enregistrée) et nombre de révisions, d'après l'historique de Wagtail.",
        [
            PERIOD,
            Column("created", "Pages publiées pour la première fois"),
            Column("practices", "dont bonnes pratiques"),
            Column("updated", "Pages modifiées"),
            Column("revisions", "Révisions enregistrées"),
        ],
        by_period(filters, series),
        chart="created",
        notes=["Une page modifiée plusieurs fois dans un mois compte une fois dans ce mois."],
    )


def _as_text_ids(ids: QuerySet) -> QuerySet:
    """Revisions name their object by a text id: the page ids as text, for a subquery."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    return ids.annotate(text_id=Cast("pk", CharField())).values("text_id")


# --- views ------------------------------------------------------------------------------------------------------


def views_per_period(filters: Filters) -> Table:
    from metrics.models import PageViewDay

    qs = PageViewDay.objects.filter(_in_range(filters, "day", dates=True))
    scope = page_scope(filters, "page__")
    if scope:
        qs = qs.filter(scope)
    series = {
        "views": per_month(qs, "day", Sum("views")),
        "pages": per_month(qs, "day", Count("path", distinct=True)),
    }
    return Table(
        "consultations",
        "Consultations des pages",
        "Pages publiques lues par des navigateurs, y compris celles servies depuis le cache ; sans les robots, "
        "les éditeurs, les aperçus ni les rechargements. Aucun cookie, aucune adresse n'est gardé.",
        [PERIOD, Column("views", "Consultations"), Column("pages", "Adresses distinctes lues (par mois)")],
        by_period(filters, series),
        chart="views",
        notes=[
            "« Adresses distinctes » est compté par mois puis additionné : une page lue deux mois compte deux fois."
        ],
    )


def page_ranking(filters: Filters, least_read: bool = False, limit: int | None = 50) -> Table:
    """Every live page with its views in the range: the most read first, or the least read (zero included)."""
    from wagtail.models import Page

    from metrics.models import PageViewDay

    views = (
        PageViewDay.objects.filter(_in_range(filters, "day", dates=True), page=OuterRef("pk"))
        .order_by()
        .values("page")
        .annotate(total=Sum("views"))
        .values("total")
    )
    qs = (
        Page.objects.live()
        .public()
        .filter(page_scope(filters), depth__gt=1)
        .annotate(views=Coalesce(Subquery(views, output_field=IntegerField()), 0))
        .order_by(*(("views", "path") if least_read else ("-views", "path")))
        .values("pk", "title", "url_path", "views")
    )
    if limit:
        qs = qs[:limit]
    rows = [{"title": p["title"], "path": _public_path(p["url_path"]), "views": p["views"]} for p in qs]
    return Table(
        "pages-moins-lues" if least_read else "pages-plus-lues",
        "Pages les moins lues" if least_read else "Pages les plus lues",
        "Pages publiées, classées par nombre de consultations dans la période"
        + (
            " (les moins lues d'abord, y compris celles qu'aucun lecteur n'a ouvertes)."
            if least_read
            else "."
        ),
        [
            Column("title", "Page", numeric=False),
            Column("path", "Adresse", numeric=False),
            Column("views", "Consultations"),
        ],
        rows,
        chart="views",
    )


def _public_path(url_path: str) -> str:
    """The page's address on the default site (its url_path without the site root's)."""
    parts = url_path.strip("/").split("/", 1)
    return "/" + (parts[1] + "/" if len(parts) > 1 and parts[1] else "")


# --- exchanges ----------------------------------------------------------------------------------------------------


def exchanges(filters: Filters) -> Table:
    from community.models import ModerationDecision, PageFeedback, Reply, Status, Thread

    threads = Thread.objects.filter(_in_range(filters, "created_at"), status=Status.PUBLISHED)
    replies = Reply.objects.filter(_in_range(filters, "created_at"), status=Status.PUBLISHED)
    decisions = ModerationDecision.objects.filter(_in_range(filters, "created_at"))
    feedback = PageFeedback.objects.filter(_in_range(filters, "day", dates=True))
    practices = page_scope(filters)
    if practices:
        from practices.models import PracticePage

        ids = PracticePage.objects.filter(practices).values("pk")
        threads = threads.filter(practice_id__in=ids)
        replies = replies.filter(thread__practice_id__in=ids)
        decisions = decisions.filter(Q(thread__practice_id__in=ids) | Q(reply__thread__practice_id__in=ids))
        feedback = feedback.filter(page__in=page_ids(filters))
    series = {
        "threads": per_month(threads, "created_at"),
        "replies": per_month(replies, "created_at"),
        "decisions": per_month(decisions, "created_at"),
        "helpful": per_month(feedback.filter(helpful=True), "day"),
        "not_helpful": per_month(feedback.filter(helpful=False), "day"),
    }
    rows = by_period(filters, series)
    for row in rows:
        row["exchanges"] = row["threads"] + row["replies"]
    return Table(
        "echanges",
        "Échanges",
        "Messages publiés dans les espaces d'échange (fils et réponses), décisions de modération et réponses à "
        "« Cette page vous a-t-elle aidé ? ».",
        [
            PERIOD,
            Column("exchanges", "Messages publiés"),
            Column("threads", "dont fils ouverts"),
            Column("replies", "dont réponses"),
            Column("decisions", "Décisions de modération"),
            Column("helpful", "« Cette page m'a aidé » : oui"),
            Column("not_helpful", "« Cette page m'a aidé » : non"),
        ],
        rows,
        chart="exchanges",
    )


def page_ids(filters: Filters) -> QuerySet:
    from wagtail.models import Page

    return Page.objects.filter(page_scope(filters)).values("pk")


# --- support teams' websites ----------------------------------------------------------------------------------


def reference_dates(team_ids: Iterable[int]) -> dict[int, datetime.date]:
    """Each team's referencing date: the one an editor recorded, otherwise the day of its first revision (the day
    its sheet was created on Lilith). Two queries whatever the number of teams."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Min
    from wagtail.models import Revision

    from metrics.models import TeamReference
    from practices.models import SupportTeam

    ids = list(team_ids)
    recorded = dict(TeamReference.objects.filter(team_id__in=ids).values_list("team_id", "referenced_on"))
    missing = [str(pk) for pk in ids if pk not in recorded]
    if missing:
        first = (
            Revision.objects.filter(
                base_content_type=ContentType.objects.get_for_model(SupportTeam), object_id__in=missing
            )
            .values("object_id")
            .annotate(first=Min("created_at"))
        )
        for row in first:
            recorded[int(row["object_id"])] = timezone.localtime(row["first"]).date()
    return recorded


def team_visits(filters: Filters) -> Table:
    from metrics.models import TeamVisitDay
    from practices.models import SupportTeam

    teams = SupportTeam.objects.order_by("name")
    if filters.region is not None:
        teams = teams.filter(departement__region=filters.region)
    if filters.team is not None:
        teams = teams.filter(pk=filters.team.pk)
    if filters.practice is not None:
        teams = teams.filter(practice_links__practice=filters.practice)
    team_list = list(teams.values("pk", "name", "website"))
    references = reference_dates(t["pk"] for t in team_list)
    visits: dict[int, dict[datetime.date, int]] = defaultdict(dict)
    for row in TeamVisitDay.objects.filter(
        _in_range(filters, "day", dates=True), team_id__in=[t["pk"] for t in team_list]
    ).values("team_id", "day", "visits"):
        visits[row["team_id"]][row["day"]] = row["visits"]
    rows = []
    for team in team_list:
        referenced = references.get(team["pk"])
        days = visits.get(team["pk"], {})
        before = sum(n for day, n in days.items() if referenced and day < referenced)
        after = sum(n for day, n in days.items() if not referenced or day >= referenced)
        days_before = (referenced - filters.since).days if referenced and referenced > filters.since else 0
        start_after = max(referenced, filters.since) if referenced else filters.since
        days_after = max((filters.until - start_after).days + 1, 0)
        rows.append(
            {
                "team": team["name"],
                "referenced_on": referenced,
                "before": before,
                "after": after,
                "per_month_before": round(before * 30 / days_before, 1) if days_before else None,
                "per_month_after": round(after * 30 / days_after, 1) if days_after else None,
                "total": before + after,
            }
        )
    return Table(
        "sites-equipes",
        "Visites des sites des équipes d'appui",
        "Lecteurs envoyés vers le site de chaque équipe par le lien de sa fiche, avant et après la date de son "
        "référencement sur Lilith (moyenne ramenée à 30 jours).",
        [
            Column("team", "Équipe d'appui", numeric=False),
            Column("referenced_on", "Référencée le", numeric=False),
            Column("before", "Visites avant"),
            Column("after", "Visites après"),
            Column("per_month_before", "Par mois avant"),
            Column("per_month_after", "Par mois après"),
            Column("total", "Total"),
        ],
        rows,
        chart="total",
        notes=[
            "La date de référencement est celle enregistrée dans l'administration (« Dates de référencement des "
            "équipes »), sinon le jour où la fiche a été créée."
        ],
    )


def team_visits_per_period(filters: Filters) -> Table:
    from metrics.models import TeamVisitDay

    qs = TeamVisitDay.objects.filter(_in_range(filters, "day", dates=True))
    if filters.team is not None:
        qs = qs.filter(team=filters.team)
    if filters.region is not None:
        qs = qs.filter(team__departement__region=filters.region)
    return Table(
        "sites-equipes-periodes",
        "Visites des sites des équipes, par période",
        "Lecteurs envoyés vers le site d'une équipe d'appui depuis sa fiche.",
        [PERIOD, Column("visits", "Visites des sites des équipes")],
        by_period(filters, {"visits": per_month(qs, "day", Sum("visits"))}),
        chart="visits",
    )


# --- trainings ----------------------------------------------------------------------------------------------------


def trainings(filters: Filters) -> Table:
    from practices.models import TrainingRequest
    from trainings.models import Registration, TrainingSession

    requests = TrainingRequest.objects.filter(_in_range(filters, "created_at"))
    sessions = TrainingSession.objects.filter(
        _in_range(filters, "starts_at"), is_published=True, starts_at__lte=timezone.now()
    )
    registrations = Registration.objects.filter(_in_range(filters, "created_at")).exclude(
        status=Registration.Status.CANCELLED
    )
    attended = Registration.objects.filter(_in_range(filters, "session__starts_at"), attended=True)
    if filters.practice is not None:
        requests = requests.filter(practice=filters.practice)
        sessions = sessions.filter(practice=filters.practice)
        registrations = registrations.filter(session__practice=filters.practice)
        attended = attended.filter(session__practice=filters.practice)
    if filters.region is not None:
        requests = requests.filter(departement__region=filters.region)
        sessions = sessions.filter(
            Q(departement__region=filters.region) | Q(team__departement__region=filters.region)
        )
        registrations = registrations.filter(
            Q(session__departement__region=filters.region)
            | Q(session__team__departement__region=filters.region)
        )
        attended = attended.filter(
            Q(session__departement__region=filters.region)
            | Q(session__team__departement__region=filters.region)
        )
    if filters.team is not None:
        requests = requests.filter(team=filters.team)
        sessions = sessions.filter(team=filters.team)
        registrations = registrations.filter(session__team=filters.team)
        attended = attended.filter(session__team=filters.team)
    series: dict[str, dict[datetime.date, int]] = {"requests": per_month(requests, "created_at")}
    statuses = TrainingRequest.Status.choices
    for value, _label in statuses:
        series[f"status_{value}"] = per_month(requests.filter(status=value), "created_at")
    series["sessions"] = per_month(sessions, "starts_at")
    series["registrations"] = per_month(registrations, "created_at")
    series["attended"] = per_month(attended, "session__starts_at")
    return Table(
        "formations",
        "Demandes, formations et webinaires suivis",
        "Demandes reçues par les équipes d'appui (avec leur état actuel), sessions de formation et webinaires "
        "tenus, inscriptions (hors annulations) et présences enregistrées (« formations/webinaires suivis »).",
        [
            PERIOD,
            Column("requests", "Demandes reçues"),
            *[Column(f"status_{value}", f"dont « {label} »") for value, label in statuses],
            Column("sessions", "Sessions tenues"),
            Column("registrations", "Inscriptions"),
            Column("attended", "Présences"),
        ],
        by_period(filters, series),
        chart="attended",
    )


# --- implementation -----------------------------------------------------------------------------------------------


def implementation(filters: Filters) -> Table:
    from implementation.models import ImplementationProject, Stage

    qs = ImplementationProject.objects.filter(created_at__lt=filters.end)
    if filters.practice is not None:
        qs = qs.filter(practice=filters.practice)
    if filters.region is not None:
        qs = qs.filter(departement__region=filters.region)
    if filters.team is not None:
        qs = qs.filter(team=filters.team)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    new: dict[str, int] = defaultdict(int)
    for project in qs.values("departement__region__name", "stage", "created_at"):
        region = project["departement__region__name"] or "Sans région"
        counts[region][project["stage"]] += 1
        if project["created_at"] >= filters.start:
            new[region] += 1
    rows = []
    for region in sorted(counts):
        row: dict[str, Any] = {"region": region, "new": new[region]}
        for value, _label in Stage.choices:
            row[value] = counts[region][value]
        row["total"] = sum(counts[region].values())
        rows.append(row)
    return Table(
        "mise-en-oeuvre",
        "Projets de mise en œuvre accompagnés",
        "Projets accompagnés par les équipes d'appui jusqu'à la fin de la période, par région et par étape "
        "actuelle, et ceux commencés dans la période.",
        [
            Column("region", "Région", numeric=False),
            Column("new", "Commencés dans la période"),
            *[Column(value, label) for value, label in Stage.choices],
            Column("total", "Total accompagnés"),
        ],
        rows,
        chart="total",
    )


def implementation_per_period(filters: Filters) -> Table:
    from implementation.models import ImplementationProject

    qs = ImplementationProject.objects.filter(_in_range(filters, "created_at"))
    if filters.practice is not None:
        qs = qs.filter(practice=filters.practice)
    if filters.region is not None:
        qs = qs.filter(departement__region=filters.region)
    if filters.team is not None:
        qs = qs.filter(team=filters.team)
    return Table(
        "mise-en-oeuvre-periodes",
        "Projets de mise en œuvre commencés, par période",
        "Nouveaux projets accompagnés par les équipes d'appui.",
        [PERIOD, Column("projects", "Projets commencés")],
        by_period(filters, {"projects": per_month(qs, "created_at")}),
        chart="projects",
    )


# --- PositiveHub --------------------------------------------------------------------------------------------------


def positivehub(filters: Filters) -> Table:
    from hub.models import Call, EligibilityCheck, Outcome

    calls = Call.objects.filter(opens_at__lt=filters.end, closes_at__gte=filters.start).order_by("year")
    rows = []
    call_list = list(calls.values("pk", "year", "title"))
    ids = [c["pk"] for c in call_list]
    submitted = dict(
        calls.model.objects.filter(pk__in=ids)
        .annotate(n=Count("applications", filter=Q(applications__submitted_at__isnull=False)))
        .values_list("pk", "n")
    )
    eligible = dict(
        EligibilityCheck.objects.filter(
            application__call_id__in=ids, decision=EligibilityCheck.Decision.ELIGIBLE
        )
        .values("application__call_id")
        .annotate(n=Count("pk"))
        .values_list("application__call_id", "n")
    )
    outcomes: dict[tuple[int, str], int] = {
        (row["call_id"], row["outcome"]): row["n"]
        for row in Outcome.objects.filter(call_id__in=ids)
        .values("call_id", "outcome")
        .annotate(n=Count("pk"))
    }
    for call in call_list:
        pk = call["pk"]
        laureates = outcomes.get((pk, Outcome.Kind.LAUREATE), 0)
        selected = outcomes.get((pk, Outcome.Kind.SELECTED), 0) + laureates
        rows.append(
            {
                "call": f"{call['title']} ({call['year']})",
                "submitted": submitted.get(pk, 0),
                "eligible": eligible.get(pk, 0),
                "selected": selected,
                "listed": outcomes.get((pk, Outcome.Kind.LISTED), 0),
                "laureates": laureates,
            }
        )
    return Table(
        "positivehub",
        "PositiveHub : candidatures et pépites",
        "Pour chaque appel ouvert pendant la période : candidatures déposées, éligibles, pépites sélectionnées "
        "(lauréates comprises), pépites référencées et lauréates.",
        [
            Column("call", "Appel", numeric=False),
            Column("submitted", "Candidatures déposées"),
            Column("eligible", "Éligibles"),
            Column("selected", "Sélectionnées"),
            Column("listed", "Référencées"),
            Column("laureates", "Lauréates"),
        ],
        rows,
        chart="submitted",
    )


# --- searches ------------------------------------------------------------------------------------------------------


def searches(filters: Filters, without_result: bool = False, limit: int = 50) -> Table:
    from django.conf import settings

    from metrics.models import SearchTermDay

    minimum = int(getattr(settings, "METRICS_SEARCH_MIN_COUNT", 2))
    qs = (
        SearchTermDay.objects.filter(_in_range(filters, "day", dates=True))
        .values("term")
        .annotate(total=Sum("searches"), empty=Sum("without_result"))
        .filter(total__gte=minimum)
    )
    if without_result:
        qs = qs.filter(empty__gt=0).order_by("-empty", "term")
    else:
        qs = qs.order_by("-total", "term")
    rows = [{"term": r["term"], "searches": r["total"], "without_result": r["empty"]} for r in qs[:limit]]
    return Table(
        "recherches-sans-resultat" if without_result else "recherches",
        "Recherches sans résultat" if without_result else "Recherches les plus fréquentes",
        "Mots cherchés sur le site, comptés par jour sans savoir qui les a cherchés (rien d'autre n'est gardé). "
        f"Seuls les mots cherchés au moins {minimum} fois dans la période sont montrés.",
        [
            Column("term", "Recherche", numeric=False),
            Column("searches", "Recherches"),
            Column("without_result", "Sans résultat"),
        ],
        rows,
        chart="without_result" if without_result else "searches",
    )


@dataclass
class Indicator:
    key: str
    title: str
    compute: Callable[[Filters], Table]
    filters: tuple[str, ...]  # which filters apply, besides the period


INDICATORS: list[Indicator] = [
    Indicator(
        "pages",
        "Pages réalisées et mises à jour",
        pages_produced,
        ("granularity", "practice", "theme", "parcours"),
    ),
    Indicator(
        "consultations",
        "Consultations des pages",
        views_per_period,
        ("granularity", "practice", "theme", "parcours"),
    ),
    Indicator("pages-plus-lues", "Pages les plus lues", page_ranking, ("theme", "parcours")),
    Indicator(
        "pages-moins-lues",
        "Pages les moins lues",
        lambda f: page_ranking(f, least_read=True),
        ("theme", "parcours"),
    ),
    Indicator("echanges", "Échanges", exchanges, ("granularity", "practice", "theme", "parcours")),
    Indicator(
        "sites-equipes", "Visites des sites des équipes (avant/après)", team_visits, ("practice", "region")
    ),
    Indicator(
        "sites-equipes-periodes",
        "Visites des sites des équipes, par période",
        team_visits_per_period,
        ("granularity", "region"),
    ),
    Indicator(
        "formations", "Demandes, formations et webinaires", trainings, ("granularity", "practice", "region")
    ),
    Indicator(
        "mise-en-oeuvre",
        "Projets de mise en œuvre, par région et étape",
        implementation,
        ("practice", "region"),
    ),
    Indicator(
        "mise-en-oeuvre-periodes",
        "Projets de mise en œuvre, par période",
        implementation_per_period,
        ("granularity", "practice", "region"),
    ),
    Indicator("positivehub", "PositiveHub", positivehub, ()),
    Indicator("recherches", "Recherches les plus fréquentes", searches, ()),
    Indicator(
        "recherches-sans-resultat", "Recherches sans résultat", lambda f: searches(f, without_result=True), ()
    ),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
