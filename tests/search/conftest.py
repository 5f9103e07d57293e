"""A small library of real-looking content for the search tests: two parcours, three themes, three practices
with their filters, a news item, a standard page, a support team, help lines and a PositiveHub call."""

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from tests import factories


def seed_migration_data() -> None:
    """What the data migrations seed (transactional tests flush every table when they end)."""
    factories.restore_migration_data()
    importlib.import_module("safety.migrations.0002_seed_distress_expressions").seed(apps, None)
    importlib.import_module("search.migrations.0003_first_synonyms").seed(apps, None)


@dataclass
class Library:
    home: Any
    vie: Any
    soins: Any
    logement: Any
    travail: Any
    retablissement: Any
    chez_soi: Any
    ips: Any
    profamille: Any
    team: Any
    news: Any
    standard: Any
    call: Any


def _classify(page: Any, *, publics=(), conditions=(), regions=()) -> Any:
    from practices.models import Region

    page.publics.set(publics)
    page.conditions.set(conditions)
    page.regions.set(Region.objects.filter(code__in=regions))
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


@pytest.fixture
def library(db) -> Library:
    from hub.models import Call, CallStatus
    from parcours.models import HelpSettings, NewsIndexPage, NewsPage
    from practices.models import Condition, TargetPublic

    seed_migration_data()
    home = factories.make_home()
    index = factories.make_practice_index(home)
    factories.make_team_index(home)
    vie = factories.make_parcours(home)
    soins = factories.make_parcours(home, title="Parcours de soins", kind="soins")
    logement = factories.make_theme(vie)
    travail = factories.make_theme(vie, title="Le travail", chapo="Travailler comme tout le monde.")
    retablissement = factories.make_theme(
        soins, title="Le rétablissement", chapo="Aller mieux, à son rythme."
    )
    level_a = factories.make_level()
    level_b = factories.make_level(code="B", name="Efficacité probable", kind="probable", order=2)
    adults = TargetPublic.objects.create(name="Adultes", slug="adultes")
    relatives = TargetPublic.objects.create(name="Proches", slug="proches")
    schizo = Condition.objects.create(name="Schizophrénie", slug="schizophrenie")
    chez_soi = _classify(
        factories.make_practice(
            index,
            theme=logement,
            evidence_level=level_a,
            summary="Un logement ordinaire tout de suite, avec une équipe qui accompagne.",
        ),
        publics=[adults],
        conditions=[schizo],
        regions=["93"],
    )
    ips = _classify(
        factories.make_practice(
            index,
            title="Le soutien à l'emploi IPS",
            theme=travail,
            evidence_level=level_b,
            summary="Trouver un travail ordinaire, vite, avec un conseiller.",
        ),
        publics=[adults],
        regions=["11"],
    )
    profamille = _classify(
        factories.make_practice(
            index,
            title="Profamille",
            theme=retablissement,
            evidence_level=level_a,
            summary="Un programme pour les familles de personnes vivant avec une schizophrénie.",
            explanation="<p>Le rétablissement passe aussi par les proches.</p>",
        ),
        publics=[relatives],
        conditions=[schizo],
        regions=["93", "11"],
    )
    team = factories.make_team(
        name="Équipe marseillaise",
        practice=chez_soi,
        city="Marseille",
        description="Nous formons les équipes au logement d'abord.",
    )
    news_index = factories.publish(home, NewsIndexPage(title="Actualités", slug="actualites"))
    news = factories.publish(
        news_index,
        NewsPage(
            title="Journée du rétablissement à Lyon",
            slug="journee-lyon",
            date=dt.date(2026, 10, 1),
            category="evenement",
            summary="Une journée d'échanges entre pairs.",
        ),
    )
    standard = factories.make_standard(home, title="Qui sommes-nous ?", intro="Un réseau de professionnels.")
    settings = HelpSettings.for_site(home.get_site())
    settings.lines = [
        (
            "line",
            {
                "name": "Numéro national de prévention du suicide",
                "number": "3114",
                "tel": "3114",
                "hours": "24 h/24, 7 j/7",
                "description": "Des professionnels vous répondent.",
            },
        ),
        (
            "line",
            {
                "name": "Fil Santé Jeunes",
                "number": "0 800 235 236",
                "tel": "0800235236",
                "hours": "7 j/7, de 9 h à 23 h",
                "description": "Pour les 12 à 25 ans.",
            },
        ),
    ]
    settings.save()
    now = timezone.now()
    call = Call.objects.create(
        year=2026,
        slug="appel-2026",
        title="Appel à pépites 2026",
        status=CallStatus.OPEN,
        intro="Des initiatives prometteuses pour la pair-aidance.",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        review_opens_at=now + dt.timedelta(days=31),
        review_deadline=now + dt.timedelta(days=60),
    )
    return Library(
        home,
        vie,
        soins,
        logement,
        travail,
        retablissement,
        chez_soi,
        ips,
        profamille,
        team,
        news,
        standard,
        call,
    )
