"""Scale the demo content up for benchmarks: N practices with all five levels, N/5 teams, 2N news items."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from parcours.models import NewsIndexPage, NewsPage, ThemePage, ThemePracticeLink
from practices.models import PracticeIndexPage, PracticeOutcome, PracticePage, PracticeSupport, Publication, SupportTeam


class Command(BaseCommand):
    help = "Multiplie le contenu de démonstration (pour les mesures de performance) : --scale 1000."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1000)

    def handle(self, *args, scale, **options):
        template = PracticePage.objects.live().order_by("pk").first()
        index = PracticeIndexPage.objects.first()
        themes = list(ThemePage.objects.live().order_by("path"))
        news_index = NewsIndexPage.objects.first()
        base_team = SupportTeam.objects.order_by("pk").first()
        existing = PracticePage.objects.filter(slug__startswith="echelle-").count()
        teams = list(SupportTeam.objects.filter(name__startswith="Équipe d'échelle"))
        for i in range(len(teams), max(scale // 5, 1)):
            with transaction.atomic():
                teams.append(SupportTeam.objects.create(
                    name=f"Équipe d'échelle {i}", host_organisation=base_team.host_organisation, city=base_team.city,
                    departement=base_team.departement, phone="01 99 00 00 00", email=f"echelle-{i}@example.org",
                    is_demo=True, technical_sheet=base_team.technical_sheet,
                ))
        for i in range(existing, scale):
            with transaction.atomic():
                page = PracticePage(
                    title=f"Pratique d'échelle {i}", slug=f"echelle-{i}", summary=template.summary,
                    explanation=template.explanation, body=template.body.raw_data,
                    evidence_level=template.evidence_level, evidence_justification=template.evidence_justification,
                    primary_theme=themes[i % len(themes)], assessed_on=template.assessed_on,
                    next_review_on=template.next_review_on,
                )
                index.add_child(instance=page)
                for o in template.outcomes.all():
                    PracticeOutcome.objects.create(page=page, outcome=o.outcome, direction=o.direction, certainty=o.certainty, context=o.context)
                for n, p in enumerate(template.publications.all()):
                    Publication.objects.create(page=page, sort_order=n, kind=p.kind, authors=p.authors, title=p.title,
                                               container=p.container, year=p.year, doi=p.doi, url=p.url, lay_summary=p.lay_summary)
                PracticeSupport.objects.create(team=teams[i % len(teams)], practice=page, start_year=2015)
                ThemePracticeLink.objects.create(theme=themes[i % len(themes)], practice=page, sort_order=1000 + i)
                page.save_revision().publish()
        existing_news = NewsPage.objects.filter(slug__startswith="actualite-echelle-").count()
        for i in range(existing_news, 2 * scale):
            with transaction.atomic():
                news = NewsPage(title=f"Actualité d'échelle {i}", slug=f"actualite-echelle-{i}",
                                date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i % 600),
                                category="evenement", summary="Une actualité de démonstration pour les mesures.")
                news_index.add_child(instance=news)
                news.save_revision().publish()
        self.stdout.write(f"{PracticePage.objects.count()} pratiques, {SupportTeam.objects.count()} équipes, "
                          f"{NewsPage.objects.count()} actualités, {Page.objects.count()} pages.")
