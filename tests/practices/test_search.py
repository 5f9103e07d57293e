import pytest
from wagtail.rich_text import RichText

from practices.models import PracticePage
from tests import factories
from tests.markers import requires_postgres


def search(query):
    return list(PracticePage.objects.live().public().search(query))


@pytest.fixture
def searchable(practice_index, theme, team_index):
    level = factories.make_level()
    page = factories.make_practice(
        practice_index,
        title="Un chez soi d'abord",
        theme=theme,
        evidence_level=level,
        summary="Un logement ordinaire tout de suite.",
        explanation="<p>Le programme accompagne vers le rétablissement.</p>",
        video_url="https://www.youtube.com/watch?v=l_rFTfvxgc0",
        video_transcript="Une travailleuse sociale raconte les visites hebdomadaires.",
        body=[("paragraph", RichText("<p>Une équipe pluridisciplinaire se déplace au domicile.</p>"))],
        evidence_justification="<p>Un essai randomisé multisite canadien.</p>",
    )
    factories.add_outcome(page, outcome="Stabilité résidentielle")
    factories.add_publication(page, title="Effects of Housing First on Employment", authors="Poremski D")
    factories.make_team(name="Équipe Marseillaise Zéphyr", practice=page)
    factories.make_practice(practice_index, title="Profamille", summary="Un programme pour les proches.")
    return page


@pytest.mark.parametrize(
    "word",
    [
        "logement",  # level 1 summary
        "hebdomadaires",  # level 1 video transcript
        "pluridisciplinaire",  # level 2 body
        "randomisé",  # level 3 justification
        "Stabilité",  # level 3 outcome
        "Poremski",  # level 4 publication
        "Zéphyr",  # level 5 support team
    ],
)
def test_a_word_from_any_level_finds_the_practice(searchable, word):
    assert searchable in search(word)


def test_search_does_not_return_draft_practices(practice_index, searchable):
    factories.make_practice(practice_index, title="Logement caché", summary="Logement brouillon.", live=False)
    titles = [p.title for p in search("logement")]
    assert "Logement caché" not in titles


@requires_postgres
def test_french_stemming_finds_plural_forms_on_postgresql(searchable):
    assert searchable in search("logements")


@requires_postgres
def test_accents_are_ignored_on_postgresql(searchable):
    assert searchable in search("retablissement")
    assert searchable in search("équipe pluridisciplinaire")


@requires_postgres
def test_french_unaccent_configuration_exists_after_migrations(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_ts_config WHERE cfgname = 'french_unaccent'")
        assert cursor.fetchone()[0] == 1


@requires_postgres
def test_the_full_text_match_is_read_from_an_index_on_postgresql(searchable):
    """Wagtail matches `title || body`: the migration's index must serve exactly that expression."""
    from django.db import connection
    from wagtail.models import Page

    from django.test.utils import CaptureQueriesContext

    results = Page.objects.live().search("logement", operator="and")

    with CaptureQueriesContext(connection) as captured:
        list(results[:10])
    sql = captured.captured_queries[-1]["sql"]
    assert '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@' in sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('french_unaccent'::regconfig, 'logement')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "lilith_indexentry_title_body_gin" in plan, plan
