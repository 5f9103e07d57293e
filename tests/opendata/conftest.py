"""A small published registry, and a builder of many practices, for the open registry's tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils.text import slugify

from tests import factories

# What the registry holds about people and must never publish (a contact's name, e-mail and phone; a hub
# applicant's e-mail and private texts).
CONTACT_NAME = "Josiane Secrète-Contact"
CONTACT_EMAIL = "josiane.secrete@example.org"
CONTACT_PHONE = "01 99 00 77 66"
APPLICANT_EMAIL = "porteur.prive@example.org"
PRIVATE_APPLICATION_TEXT = "Texte détaillé pour evidence."


@dataclass
class Registry:
    home: Any
    index: Any
    vie: Any
    soins: Any
    logement: Any
    crise: Any
    level_a: Any
    level_b: Any
    proches: Any
    schizophrenie: Any
    idf: Any
    practices: list[Any] = field(default_factory=list)
    team: Any = None
    draft: Any = None
    private: Any = None
    news: Any = None
    pepite: Any = None
    hidden_pepite: Any = None


def add_practices(registry: Registry, n: int, start: int = 0) -> list[Any]:
    """`n` more live practices, each with its outcome, publication, theme, publics, condition and region."""
    from practices.models import SupportTeamContact

    made = []
    for i in range(start, start + n):
        page = factories.make_practice(
            registry.index,
            title=f"Pratique numéro {i}",
            theme=registry.logement if i % 2 == 0 else registry.crise,
            evidence_level=registry.level_a if i % 2 == 0 else registry.level_b,
            has_manual=True,
            assessed_on=dt.date(2025, 3, 1),
        )
        page.publics.add(registry.proches)
        page.conditions.add(registry.schizophrenie)
        page.regions.add(registry.idf)
        page.tags.add(f"mot{i % 3}")
        page.save_revision().publish()
        factories.add_outcome(page)
        factories.add_publication(page, doi=f"10.1000/test.{i}")
        team = factories.make_team(name=f"Équipe numéro {i}", practice=page)
        SupportTeamContact.objects.create(
            team=team, name=f"{CONTACT_NAME} {i}", email=f"{i}.{CONTACT_EMAIL}", phone=CONTACT_PHONE
        )
        made.append(page)
    registry.practices += made
    return made


def build_registry(n: int = 1) -> Registry:
    from wagtail.models import PageViewRestriction

    from practices.models import Condition, Region, SupportTeamContact, TargetPublic

    home = factories.make_home()
    index = factories.make_practice_index(home)
    factories.make_team_index(home)
    vie = factories.make_parcours(home)
    soins = factories.make_parcours(home, title="Parcours de soins", kind="soins")
    registry = Registry(
        home=home,
        index=index,
        vie=vie,
        soins=soins,
        logement=factories.make_theme(vie),
        crise=factories.make_theme(
            soins, title="La crise", chapo="Quand tout bascule.\n\nOn peut être aidé."
        ),
        level_a=factories.make_level(),
        level_b=factories.make_level(code="B", name="Efficacité probable", kind="probable", order=2),
        proches=TargetPublic.objects.get_or_create(slug="proches", defaults={"name": "Proches"})[0],
        schizophrenie=Condition.objects.get_or_create(
            slug="schizophrenie", defaults={"name": "Schizophrénie"}
        )[0],
        idf=Region.objects.get(code="11"),
    )
    TargetPublic.objects.get_or_create(slug="professionnels", defaults={"name": "Professionnels"})
    add_practices(registry, n)
    registry.team = factories.make_team(name="Équipe DIHAL", practice=registry.practices[0])
    SupportTeamContact.objects.create(
        team=registry.team, name=CONTACT_NAME, email=CONTACT_EMAIL, phone=CONTACT_PHONE, role="Coordinatrice"
    )
    registry.draft = factories.make_practice(index, title="Brouillon secret", live=False)
    registry.private = factories.make_practice(index, title="Pratique réservée", theme=registry.logement)
    PageViewRestriction.objects.create(page=registry.private, restriction_type=PageViewRestriction.LOGIN)
    registry.news = _make_news(home, registry.idf)
    registry.pepite, registry.hidden_pepite = _make_pepites()
    return registry


def _make_news(home: Any, region: Any) -> Any:
    from parcours.models import NewsIndexPage, NewsPage

    news_index = factories.publish(home, NewsIndexPage(title="Actualités", slug="actualites"))
    return factories.publish(
        news_index,
        NewsPage(
            title="Signature du PTSM de Paris",
            slug=slugify("Signature du PTSM de Paris"),
            date=dt.date(2026, 5, 4),
            category="ptsm",
            region=region,
            summary="Le projet territorial est signé.",
        ),
    )


def _make_pepites() -> tuple[Any, Any]:
    """One pépite of a call whose results are published, one of a call still being reviewed."""
    from hub.models import CallStatus, PublicListing
    from tests.hub import builders

    published = builders.make_call(year=2025, status=CallStatus.RESULTS_PUBLISHED, frozen=False)
    reviewing = builders.make_call(year=2026, status=CallStatus.REVIEW, frozen=False)
    user, organisation = builders.make_applicant("porteur", org_name="Association Les Pairs")
    user.email = APPLICANT_EMAIL
    user.save()
    listings = []
    for n, call in enumerate((published, reviewing), start=1):
        application = builders.make_application(
            call, organisation, user, n=n, title=f"Pair-aidance {call.year}"
        )
        listings.append(
            PublicListing.objects.create(
                application=application,
                slug=f"pepite-{call.year}",
                badge="pepite",
                public_title=application.title,
                public_summary="Des pairs accompagnent la sortie d'hôpital.",
                organisation_name=organisation.name,
                country="FR",
                published_at=builders.paris(call.year, 9, 1),
            )
        )
    return listings[0], listings[1]


@pytest.fixture
def registry(db):
    return build_registry(1)


@pytest.fixture
def api_get(client):
    """An anonymous reader's GET on the API, decoded."""
    import json

    def get(path: str, **headers: str) -> tuple[int, Any, Any]:
        response = client.get(path, **headers)
        body = (
            json.loads(response.content.decode())
            if response["Content-Type"].startswith("application/")
            else None
        )
        return response.status_code, body, response

    return get
