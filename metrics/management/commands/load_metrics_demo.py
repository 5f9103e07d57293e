"""A plausible history of readings, searches and visits to the teams' websites, so that the charts of the demo
are not empty. Generated (never typed by hand), every row marked `is_demo`; run again, it replaces its own rows
and never touches real counts."""

import datetime
import math
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

DAYS = 2 * 365
# Words a reader of the site plausibly types; the last ones find nothing in the demo content.
TERMS = [
    ("logement", 9),
    ("emploi accompagné", 7),
    ("rétablissement", 6),
    ("crise", 5),
    ("pair-aidance", 4),
    ("schizophrénie", 4),
    ("famille", 3),
    ("addiction", 3),
    ("ips", 2),
    ("un chez-soi d'abord", 2),
    ("droits", 2),
    ("gem", 1),
]
EMPTY_TERMS = [("sport adapté", 2), ("musicothérapie", 1), ("ehpad", 1)]


class Command(BaseCommand):
    help = "Génère un historique de démonstration des indicateurs (marqué comme tel), sur deux ans."

    def handle(self, *args, **options):
        from wagtail.models import Page

        from metrics.indicators import _public_path
        from metrics.models import PageViewDay, SearchTermDay, TeamReference, TeamVisitDay
        from practices.models import SupportTeam

        rng = random.Random(17)  # the same history at every run
        today = timezone.localdate()
        days = [today - datetime.timedelta(days=n) for n in range(DAYS, 0, -1)]
        pages = list(Page.objects.live().public().filter(depth__gt=1).values_list("pk", "url_path", "depth"))
        with transaction.atomic():
            for model in (PageViewDay, SearchTermDay, TeamVisitDay):
                model.objects.filter(is_demo=True).delete()
            views = []
            for pk, url_path, depth in pages:
                popularity = rng.uniform(0.3, 3.0) / max(depth - 1, 1)
                for index, day in enumerate(days):
                    growth = 0.4 + 0.6 * index / len(days)  # readers come little by little
                    weekly = 0.7 if day.weekday() >= 5 else 1.0
                    seasonal = 1 + 0.2 * math.sin(2 * math.pi * day.timetuple().tm_yday / 365)
                    n = int(rng.gammavariate(2, popularity * growth * weekly * seasonal * 2))
                    if n:
                        views.append(
                            PageViewDay(
                                day=day, path=_public_path(url_path), page_id=pk, views=n, is_demo=True
                            )
                        )
            PageViewDay.objects.bulk_create(views, batch_size=2000, ignore_conflicts=True)
            searches = []
            for day in days:
                for term, weight in TERMS:
                    n = rng.randint(0, weight)
                    if n:
                        searches.append(SearchTermDay(day=day, term=term, searches=n, is_demo=True))
                for term, weight in EMPTY_TERMS:
                    n = rng.randint(0, weight)
                    if n:
                        searches.append(
                            SearchTermDay(day=day, term=term, searches=n, without_result=n, is_demo=True)
                        )
            SearchTermDay.objects.bulk_create(searches, batch_size=2000, ignore_conflicts=True)
            visits = []
            for team in SupportTeam.objects.filter(is_demo=True).exclude(website=""):
                referenced = today - datetime.timedelta(days=rng.randint(200, 500))
                TeamReference.objects.get_or_create(team=team, defaults={"referenced_on": referenced})
                referenced = TeamReference.objects.get(team=team).referenced_on
                for day in days:
                    rate = (
                        0.4 if day < referenced else 1.6
                    )  # readers sent to the team's site once it is listed
                    n = int(rng.gammavariate(2, rate))
                    if n:
                        visits.append(TeamVisitDay(day=day, team=team, visits=n, is_demo=True))
            TeamVisitDay.objects.bulk_create(visits, batch_size=2000, ignore_conflicts=True)
        from metrics.counting import _after_fold

        _after_fold()
        self.stdout.write(
            f"Historique de démonstration des indicateurs : {len(views)} jours×pages, {len(searches)} recherches, "
            f"{len(visits)} jours de visites des sites des équipes."
        )
