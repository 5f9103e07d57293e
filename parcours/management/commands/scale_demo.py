"""Scale the demo content up for benchmarks: N practices with all five levels, N/5 teams, 2N news items.

Pages are created live in bulk-friendly steps (no revision history, search index built in batches at the end of
each batch), which is what makes 10,000 practices a matter of minutes. Re-running continues where it stopped.
"""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from parcours.models import NewsIndexPage, NewsPage, ThemePage, ThemePracticeLink
from practices.models import (
    PracticeIndexPage,
    PracticeOutcome,
    PracticePage,
    PracticeSupport,
    Publication,
    SupportTeam,
)

BATCH = 200


def _skip_validation(*args, **kwargs):
    return None


class Command(BaseCommand):
    help = (
        "Multiplie le contenu de démonstration pour les mesures de performance : --scale 1000 donne 1 000 pratiques, "
        "200 équipes et 2 000 actualités ; --practices, --teams et --news fixent chaque nombre."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1000)
        parser.add_argument("--practices", type=int, default=None)
        parser.add_argument("--teams", type=int, default=None)
        parser.add_argument("--news", type=int, default=None)

    def handle(self, *args, scale, practices, teams, news, **options):
        started = time.monotonic()
        practices = scale if practices is None else practices
        teams = max(scale // 5, 1) if teams is None else teams
        news = 2 * scale if news is None else news
        # Signal-driven indexing would index each page as it is saved: turn it off and index each batch at once.
        search_settings = settings.WAGTAILSEARCH_BACKENDS["default"]
        auto_update = search_settings.get("AUTO_UPDATE", True)
        search_settings["AUTO_UPDATE"] = False
        try:
            team_list = self.scale_teams(teams)
            self.scale_practices(practices, team_list)
            self.scale_news(news)
        finally:
            search_settings["AUTO_UPDATE"] = auto_update
        self.stdout.write(
            f"{PracticePage.objects.count()} pratiques, {SupportTeam.objects.count()} équipes, "
            f"{NewsPage.objects.count()} actualités, {Page.objects.count()} pages "
            f"({time.monotonic() - started:.0f} s)."
        )

    def scale_teams(self, count):
        base = SupportTeam.objects.order_by("pk").first()
        existing = list(SupportTeam.objects.filter(name__startswith="Équipe d'échelle").order_by("pk"))
        new = [
            SupportTeam(
                name=f"Équipe d'échelle {i}",
                slug=f"equipe-d-echelle-{i}",
                host_organisation=base.host_organisation,
                city=base.city,
                departement=base.departement,
                phone="01 99 00 00 00",
                email=f"echelle-{i}@example.org",
                is_demo=True,
                technical_sheet=base.technical_sheet,
                offers_training=True,
            )
            for i in range(len(existing), count)
        ]
        SupportTeam.objects.bulk_create(new, batch_size=500)
        return list(SupportTeam.objects.order_by("pk"))

    def scale_practices(self, count, teams):
        templates = list(
            PracticePage.objects.live()
            .exclude(slug__startswith="echelle-")
            .order_by("pk")
            .prefetch_related("outcomes", "publications")
        )
        index = PracticeIndexPage.objects.first()
        themes = list(ThemePage.objects.live().order_by("path"))
        existing = PracticePage.objects.filter(slug__startswith="echelle-").count()
        backend = get_search_backend()
        now = timezone.now()
        for start in range(existing, count, BATCH):
            created = []
            with transaction.atomic():
                index = PracticeIndexPage.objects.get(pk=index.pk)  # fresh numchild for treebeard
                for i in range(start, min(start + BATCH, count)):
                    template = templates[i % len(templates)]
                    page = PracticePage(
                        title=f"{template.title} — territoire {i}",
                        slug=f"echelle-{i}",
                        summary=template.summary,
                        explanation=template.explanation,
                        body=template.body.raw_data,
                        video_url=template.video_url,
                        video_title=template.video_title,
                        video_transcript=template.video_transcript,
                        evidence_level=template.evidence_level,
                        evidence_justification=template.evidence_justification,
                        assessed_on=template.assessed_on,
                        next_review_on=template.next_review_on,
                        has_manual=template.has_manual,
                        training_in_france=template.training_in_france,
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                    )
                    page.full_clean = _skip_validation  # copies of validated pages, unique slugs
                    index.add_child(instance=page)
                    created.append(page)
                    PracticeOutcome.objects.bulk_create(
                        [
                            PracticeOutcome(
                                page=page,
                                sort_order=n,
                                outcome=o.outcome,
                                direction=o.direction,
                                in_words=o.in_words,
                                certainty=o.certainty,
                                context=o.context,
                            )
                            for n, o in enumerate(template.outcomes.all())
                        ]
                    )
                    Publication.objects.bulk_create(
                        [
                            Publication(
                                page=page,
                                sort_order=n,
                                kind=p.kind,
                                authors=p.authors,
                                title=p.title,
                                container=p.container,
                                year=p.year,
                                doi=p.doi,
                                url=p.url,
                                lay_summary=p.lay_summary,
                            )
                            for n, p in enumerate(template.publications.all())
                        ]
                    )
                PracticeSupport.objects.bulk_create(
                    [
                        PracticeSupport(team=teams[i % len(teams)], practice=page, start_year=2015)
                        for i, page in enumerate(created, start=start)
                    ]
                )
                ThemePracticeLink.objects.bulk_create(
                    [
                        ThemePracticeLink(
                            theme=themes[i % len(themes)], practice=page, sort_order=1000 + i, is_primary=True
                        )
                        for i, page in enumerate(created, start=start)
                    ]
                )
            backend.add_bulk(PracticePage, created)
            self.stdout.write(f"  {start + len(created)} pratiques d'échelle")

    def scale_news(self, count):
        news_index = NewsIndexPage.objects.first()
        existing = NewsPage.objects.filter(slug__startswith="actualite-echelle-").count()
        backend = get_search_backend()
        now = timezone.now()
        for start in range(existing, count, BATCH):
            created = []
            with transaction.atomic():
                news_index = NewsIndexPage.objects.get(pk=news_index.pk)
                for i in range(start, min(start + BATCH, count)):
                    page = NewsPage(
                        title=f"Actualité d'échelle {i}",
                        slug=f"actualite-echelle-{i}",
                        date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i % 600),
                        category="evenement",
                        summary="Une actualité de démonstration pour les mesures.",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                    )
                    page.full_clean = _skip_validation
                    news_index.add_child(instance=page)
                    created.append(page)
            backend.add_bulk(NewsPage, created)
            self.stdout.write(f"  {start + len(created)} actualités d'échelle")
