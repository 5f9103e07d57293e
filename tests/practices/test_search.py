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


def test_all_words_are_needed_and_may_come_from_the_title_and_the_body(searchable):
    profamille = PracticePage.objects.get(title="Profamille")
    practices = PracticePage.objects.live().public()
    # « Profamille » is the title, « proches » the summary; the site's search asks for every word.
    assert list(practices.search("profamille proches", operator="and")) == [profamille]
    assert list(practices.search("profamille xylophone", operator="and")) == []


@requires_postgres
def test_the_full_text_match_is_read_from_its_index_even_for_a_common_word_on_postgresql(searchable):
    """Wagtail's match on `title || body` is made on `lilith_search_document(title, body)` (lilith/search_backend.py),
    whose GIN index the planner takes even for a word found in a third of the entries: a sequential scan would
    read every vector out of TOAST storage (70 ms instead of 5 on 10,000 practices, see bench/results.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    with CaptureQueriesContext(connection) as captured:
        list(Page.objects.live().search("logement", operator="and")[:10])
    sql = captured.captured_queries[-1]["sql"]
    assert (
        'lilith_search_document("wagtailsearch_indexentry"."title", "wagtailsearch_indexentry"."body") @@'
        in sql
    )

    with connection.cursor() as cursor:
        # 3,000 entries with long bodies, one in three about housing.
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry "
            "(content_type_id, object_id, title_norm, autocomplete, title, body, title_text, body_text) "
            "SELECT ct.id, 'volume-' || n, 1, ''::tsvector, to_tsvector('french_unaccent', 'pratique ' || n), "
            "to_tsvector('french_unaccent', repeat('accompagnement rétablissement emploi pair aidance ', 40) "
            "|| CASE WHEN n % 3 = 0 THEN 'logement' ELSE 'travail' END || ' mot' || n), '', '' "
            "FROM generate_series(1, 3000) AS n, (SELECT id FROM django_content_type LIMIT 1) AS ct"
        )
        # What autovacuum does after such a load: the index's pending list merged, the statistics gathered.
        cursor.execute("SELECT gin_clean_pending_list('lilith_indexentry_document_gin')")
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE lilith_search_document(title, body) @@ to_tsquery('french_unaccent'::regconfig, 'logement')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "lilith_indexentry_document_gin" in plan, plan
