"""The one smoke test that loads the demo content (fixtures/) on a fresh database."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from parcours.models import ParcoursIndexPage, StandardPage, ThemePage
from practices.models import EvidenceLevel, PracticePage, SupportTeam


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "teams": SupportTeam.objects.count(),
        "levels": EvidenceLevel.objects.count(),
    }


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module, inside a transaction rolled back at the end."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    return None


def test_demo_loader_is_idempotent(demo):
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first


def test_demo_has_both_parcours_with_all_ten_themes(demo):
    kinds = dict(ParcoursIndexPage.objects.live().values_list("slug", "kind"))
    assert kinds == {"parcours-de-vie": "vie", "parcours-de-soins": "soins"}
    slugs = set(ThemePage.objects.live().values_list("slug", flat=True))
    assert slugs == {
        "le-logement",
        "le-travail",
        "les-droits",
        "la-vie-affective-et-sexuelle",
        "les-loisirs",
        "la-citoyennete",
        "les-conduites-addictives",
        "la-crise",
        "les-interventions-precoces",
        "le-retablissement",
    }


def test_demo_practices_are_written_in_plain_language(demo):
    """« Communiquer pour tous »: every sentence of a lead (shown first on cards and pages) has 15 words at most,
    and the « Comprendre » texts average 15 words a sentence at most, as the editors' panel measures them."""
    from readability.measure import measure

    practices = list(PracticePage.objects.live())
    assert len(practices) >= 12
    too_long = {
        p.title: measure(p.summary).longest_sentence for p in practices if measure(p.summary).long_sentences
    }
    assert too_long == {}
    understand = [measure(p.explanation) for p in practices]
    assert sum(r.words for r in understand) / sum(r.sentences for r in understand) <= 15


def test_demo_practices_have_all_five_levels_filled(demo):
    practices = PracticePage.objects.live()
    assert practices.count() >= 24
    for page in practices:
        assert page.summary and page.explanation, page.title
        assert len(page.body) > 0, page.title
        assert page.evidence_level_id, page.title
        assert page.publications.exists(), page.title
        assert page.support_links.exists(), page.title
        assert page.theme_links.filter(is_primary=True).count() == 1, page.title


def test_demo_support_teams_use_reserved_contact_details(demo):
    teams = SupportTeam.objects.prefetch_related("contacts")
    assert teams.count() >= 8
    for team in teams:
        assert team.is_demo
        assert not team.email or team.email.endswith("@example.org"), team.email
        assert not team.phone or team.phone.startswith("01 99 00"), team.phone
        for contact in team.contacts.all():
            assert not contact.email or contact.email.endswith("@example.org")
            assert not contact.phone or contact.phone.startswith("01 99 00")


def test_demo_evidence_scale_is_the_published_default(demo):
    assert list(EvidenceLevel.objects.values_list("code", flat=True)) == [
        "A",
        "B",
        "C",
        "AE",
        "E",
        "0",
        "!",
        "?",
    ]


def test_every_demo_page_answers_and_shows_its_title(demo, client):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert pages.count() > 30
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert (
            page.title.replace("'", "&#x27;") in response.content.decode()
            or page.title in response.content.decode()
        ), page.url


def test_every_demo_support_team_sheet_answers(demo, client):
    for team in SupportTeam.objects.all():
        response = client.get(team.public_url)
        assert response.status_code == 200, team.public_url


def test_demo_standard_pages_exist(demo):
    slugs = set(StandardPage.objects.live().values_list("slug", flat=True))
    assert {
        "qui-sommes-nous",
        "mentions-legales",
        "accessibilite",
        "donnees-personnelles",
        "comprendre-les-niveaux-de-preuve",
    } <= slugs


def test_page_types_answer_in_the_same_number_of_queries_when_the_content_grows(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practices.models import SupportTeam

    team_url = SupportTeam.objects.get(slug="psycom").public_url
    urls = [
        "/",
        "/parcours-de-vie/",
        "/parcours-de-vie/le-logement/",
        "/bonnes-pratiques/un-chez-soi-d-abord/",
        "/equipes-d-appui/",
        team_url,
        "/actualites/",
        "/comprendre-les-niveaux-de-preuve/",
        "/bonnes-pratiques/",
        "/comprendre-les-troubles/",
        "/comprendre-les-troubles/la-schizophrenie/",
    ]

    def counts():
        result = {}
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            result[url] = len(ctx.captured_queries)
        return result

    before = counts()
    call_command("scale_demo", "--scale", "12", verbosity=0)
    after = counts()
    assert after == before
    assert max(before.values()) <= 30, before


def test_demo_offers_three_easy_read_versions_marked_as_not_yet_checked(demo, client):
    """FALC: short sentences (the European rules: one idea per sentence), shown at their own address, and said
    to be unchecked by people concerned until someone records that check."""
    from readability.measure import measure

    pages = [
        *PracticePage.objects.live().exclude(falc_text=""),
        *ThemePage.objects.live().exclude(falc_text=""),
    ]
    assert len(pages) >= 3
    for page in pages:
        assert not page.easy_read_checked
        figures = measure(page.falc_text)
        assert figures.words / figures.sentences <= 10, page.title
        assert figures.long_sentences == 0, page.title
        html = client.get(page.url + "facile-a-lire/").content.decode()
        assert "Ce texte n'a pas encore été relu par des personnes concernées." in html
        assert "Version facile à lire" in client.get(page.url).content.decode()


def test_demo_explains_the_four_conditions_the_positiveminders_page_plans(demo, client):
    """Fiches de vulgarisation: schizophrénie, troubles bipolaires, dépression, trouble borderline, each in short
    sentences and each listing the demo practices filed under its condition."""
    from parcours.models import ConditionPage
    from readability.measure import measure

    sheets = {
        sheet.condition.slug: sheet for sheet in ConditionPage.objects.live().select_related("condition")
    }
    assert set(sheets) == {"schizophrenie", "troubles-bipolaires", "depression", "trouble-borderline"}
    for sheet in sheets.values():
        assert measure(sheet.summary).long_sentences == 0, sheet.title
        html = client.get(sheet.url).content.decode()
        for practice in PracticePage.objects.live().filter(conditions=sheet.condition):
            assert f'href="{practice.url}"' in html, (sheet.title, practice.title)


def test_every_demo_theme_offers_three_resources_on_real_sites(demo, client):
    """« Pour aller plus loin »: at least three links per theme, to the public or associative sites named in the
    demo content (addresses over HTTPS, no demo address among them), shown on the theme's page."""
    for theme in ThemePage.objects.live():
        resources = list(theme.resources.all())
        assert len(resources) >= 3, theme.title
        html = client.get(theme.url).content.decode()
        for resource in resources:
            assert resource.url.startswith("https://") and "example.org" not in resource.url, resource.url
            assert f'href="{resource.url}"' in html, (theme.title, resource.url)


def test_demo_theme_chapos_keep_every_sentence_at_fifteen_words(demo):
    """The chapô is the theme's lead, read first: « Communiquer pour tous » asks 15 words a sentence at most."""
    from readability.measure import measure

    too_long = {
        t.title: measure(t.chapo).longest_sentence
        for t in ThemePage.objects.live()
        if measure(t.chapo).long_sentences
    }
    assert too_long == {}


def test_every_demo_theme_lists_five_or_six_practices_on_its_page(demo, client):
    """The cahier des charges asks « 5 ou 6 » practices per theme: each theme's public page links to every
    practice filed under it, and there are five or six of them."""
    for theme in ThemePage.objects.live():
        practices = [link.practice for link in theme.practice_links.select_related("practice")]
        assert 5 <= len(practices) <= 6, (theme.title, len(practices))
        html = client.get(theme.url).content.decode()
        for practice in practices:
            assert f'href="{practice.url}"' in html, (theme.title, practice.title)
